using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PostPurchase.Workflows.Activities.Http;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Runner;

/// <summary>Elsa.FlowSendHttpRequest against a loopback HTTP listener (loopback allowed by the setting, refused without it).</summary>
public sealed class SendHttpRequestTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _baseUrl;
    private readonly List<(string Method, string Path, string Body, string? IdempotencyKey)> _received = new();
    private int _failuresBeforeSuccess;

    public SendHttpRequestTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _baseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_baseUrl);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            lock (_received) _received.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body, context.Request.Headers["Idempotency-Key"]));
            var fail = Interlocked.Decrement(ref _failuresBeforeSuccess) >= 0;
            context.Response.StatusCode = fail ? 503 : 201;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(fail ? "{}" : """{"points":120}""");
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static JsonObject Definition(string url) => new Flow("crm")
        .Add("call", "Elsa.FlowSendHttpRequest", ("url", Literal(url)), ("method", Literal("POST")),
            ("content", new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "return { email: input.email };" } }),
            ("expectedStatusCodes", new JsonObject { ["typeName"] = "Int32[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[201, 404]" } }),
            ("authorization", Literal("Bearer secret-token")))
        .Add("created", "Test.Record", ("label", JavaScript("'points ' + Activities.call.ParsedContent.points")))
        .Add("other", "Test.Record", ("label", Literal("other")))
        .Connect("call", "created", "201").Connect("call", "other", "Unmatched status code").Build();

    private static EngineHost Host(bool allowLoopback) => new(configure: services =>
        services.Replace(ServiceDescriptor.Singleton(new OutboundHttpOptions { AllowPrivateAddresses = allowLoopback, MaxRetries = 2 })));

    [Fact]
    public async Task A_call_retries_a_503_then_continues_on_the_expected_status_code_with_the_parsed_body()
    {
        await using var host = Host(allowLoopback: true);
        _failuresBeforeSuccess = 1;
        var id = await host.ImportAsync(Definition(_baseUrl + "loyalty/members"));

        var instance = await host.StartAsync(id, new JsonObject { ["email"] = "ada@example.com" });

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["points 120"], host.Probe.Executed);
        Assert.Equal(201, instance.State.Outputs["call"]["StatusCode"]!.GetValue<int>());
        Assert.Equal(2, _received.Count);
        Assert.All(_received, r => Assert.Equal(("POST", "/loyalty/members", """{"email":"ada@example.com"}"""), (r.Method, r.Path, r.Body)));
        Assert.Equal($"{instance.Id}:call:1", _received[0].IdempotencyKey);
        Assert.Equal(_received[0].IdempotencyKey, _received[1].IdempotencyKey);
    }

    [Fact]
    public async Task Loopback_and_private_addresses_are_refused_unless_the_setting_allows_them()
    {
        await using var host = Host(allowLoopback: false);
        var id = await host.ImportAsync(Definition(_baseUrl + "loyalty/members"));

        var instance = await host.StartAsync(id, new JsonObject { ["email"] = "ada@example.com" });

        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        Assert.Contains("Activity 'call' (Elsa.FlowSendHttpRequest) failed: Calls to 127.0.0.1 are refused", Assert.Single(instance.State.Incidents).Message);
        Assert.Empty(_received);
        Assert.True(OutboundHttpClient.IsInternal(IPAddress.Parse("10.1.2.3")));
        Assert.True(OutboundHttpClient.IsInternal(IPAddress.Parse("169.254.169.254")));
        Assert.True(OutboundHttpClient.IsInternal(IPAddress.Parse("::ffff:192.168.0.1")));
        Assert.True(OutboundHttpClient.IsInternal(IPAddress.Parse("fd00::1")));
        Assert.False(OutboundHttpClient.IsInternal(IPAddress.Parse("93.184.216.34")));
    }

    public void Dispose() => _listener.Close();
}
