using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PostPurchase.Workflows.Activities.Http;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Elsa;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Runner;

/// <summary>Elsa.SendHttpRequest (status-code cases holding activities) against a loopback stand-in that answers /status/{code}.</summary>
public sealed class CompositeSendHttpRequestTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _baseUrl;
    private int _requests;

    public CompositeSendHttpRequestTests()
    {
        _baseUrl = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(_baseUrl);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch { return; }
            Interlocked.Increment(ref _requests);
            var segments = context.Request.Url!.AbsolutePath.Trim('/').Split('/');
            if (segments[0] == "slow") await Task.Delay(TimeSpan.FromSeconds(3));
            context.Response.StatusCode = segments[0] == "status" ? int.Parse(segments[1]) : 200;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes($$"""{"code":{{context.Response.StatusCode}}}""");
            try
            {
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // The caller gave up (timeout test).
            }
        }
    }

    /// <summary>Elsa's export of the composite: cases for 200 and 404, and an activity in each of the three other slots.</summary>
    private static JsonObject Lookup(string url) => Definition("crm-lookup", Flowchart("Flowchart1",
        [
            Activity("call", "Elsa.SendHttpRequest",
                ("url", new JsonObject { ["typeName"] = "System.Uri, System.Private.Uri", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = url } }),
                ("method", Literal("GET")),
                ("expectedStatusCodes", new JsonArray(
                    new JsonObject { ["statusCode"] = 200, ["activity"] = Activity("found", "Test.Record", ("label", JavaScript("'found ' + Activities.call.ParsedContent.code"))) },
                    new JsonObject { ["statusCode"] = 404, ["activity"] = Record("missing") })),
                ("unmatchedStatusCode", Activity("unmatched", "Test.Record", ("label", JavaScript("'unmatched ' + Activities.call.StatusCode")))),
                ("failedToConnect", Record("unreachable")),
                ("timeout", Record("slow"))),
            Record("after"),
        ], ("call", "Done", "after")));

    private static EngineHost Host(bool allowLoopback = true, TimeSpan? timeout = null) => new(configure: services =>
        services.Replace(ServiceDescriptor.Singleton(new OutboundHttpOptions
        {
            AllowPrivateAddresses = allowLoopback, MaxRetries = 0, Timeout = timeout ?? TimeSpan.FromSeconds(10),
        })));

    [Theory]
    [InlineData("status/200", "found 200")]
    [InlineData("status/404", "missing")]
    [InlineData("status/418", "unmatched 418")]
    public async Task The_matching_case_activity_runs_then_the_request_completes(string path, string expected)
    {
        await using var host = Host();
        var id = await host.ImportAsync(Lookup(_baseUrl + path));

        var instance = await host.StartAsync(id);

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal([expected, "after"], host.Probe.Executed);
        var journal = await host.JournalAsync(instance.Id);
        Assert.Contains(journal, j => j.ActivityId == "call" && j.EventName == "Completed" && j.Message == "Done");
        Assert.Equal(1, _requests);
    }

    [Fact]
    public async Task No_answer_runs_the_failed_to_connect_or_timeout_activity()
    {
        await using (var host = Host())
        {
            var instance = await host.StartAsync(await host.ImportAsync(Lookup($"http://127.0.0.1:{FreePort()}/nobody-listens")));
            Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
            Assert.Equal(["unreachable", "after"], host.Probe.Executed);
        }

        await using (var host = Host(timeout: TimeSpan.FromMilliseconds(300)))
        {
            var instance = await host.StartAsync(await host.ImportAsync(Lookup(_baseUrl + "slow")));
            Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
            Assert.Equal(["slow", "after"], host.Probe.Executed);
        }
    }

    [Fact]
    public async Task A_loopback_address_is_refused_without_the_setting_and_the_fault_names_the_activity()
    {
        await using var host = Host(allowLoopback: false);
        var instance = await host.StartAsync(await host.ImportAsync(Lookup(_baseUrl + "status/200")));

        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        var incident = Assert.Single(instance.State.Incidents);
        Assert.Contains("'call' (Elsa.SendHttpRequest)", incident.Message);
        Assert.Contains("HttpRequests__AllowPrivateAddresses", incident.Message);
        Assert.Empty(host.Probe.Executed);
        Assert.Equal(0, _requests);
    }

    public void Dispose() => _listener.Close();
}
