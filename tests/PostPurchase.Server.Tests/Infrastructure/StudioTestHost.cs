using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Server.Tests.Infrastructure;

/// <summary>
/// The real server (Program) with a temporary data directory, no shipped workflows, a known Studio password and API
/// key; in memory (TestServer) or on a real Kestrel port on 127.0.0.1 for the browser.
/// </summary>
public sealed partial class StudioTestHost : IAsyncDisposable
{
    public const string Password = "studio-test-password";
    public const string ApiKey = "studio-test-key";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _kestrel;

    public StudioTestHost(bool kestrel = false, bool configurePassword = true, string? dataDirectory = null,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _kestrel = kestrel;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("pp-studio-").FullName;
        var workflows = Directory.CreateTempSubdirectory("pp-studio-wf-").FullName;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Data:Directory", DataDirectory);
            b.UseSetting("Workflows:Directory", workflows);
            b.UseSetting("Worker:Enabled", "false");
            b.UseSetting("Auth:ApiKeys", ApiKey);
            if (configurePassword) b.UseSetting("Auth:AdminPassword", Password);
            if (kestrel) b.UseSetting("Urls", "http://127.0.0.1:0");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) b.UseSetting(key, value);
            if (services is not null) b.ConfigureServices(services);
            b.ConfigureLogging(l => l.AddProvider(new CapturingLoggerProvider(Logs)));
        });
        if (kestrel)
        {
            _factory.UseKestrel(0);
            _factory.StartServer();
            var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        }
        else
        {
            _factory.CreateClient();
            BaseAddress = _factory.ClientOptions.BaseAddress;
        }
    }

    public string DataDirectory { get; }
    public Uri BaseAddress { get; }
    public ConcurrentQueue<string> Logs { get; } = new();
    public IServiceProvider Services => _factory.Services;

    /// <summary>A client that does not follow redirects and keeps cookies.</summary>
    public HttpClient Client()
    {
        if (!_kestrel)
            return _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = BaseAddress };
    }

    /// <summary>
    /// A real-port client whose connections leave from <paramref name="source"/> (any 127.x.y.z address is local on
    /// Linux), so the server sees distinct client addresses. Needs <c>kestrel: true</c>.
    /// </summary>
    public HttpClient ClientFrom(IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public HttpClient ApiClient(string? key = ApiKey)
    {
        var client = Client();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    public async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user = "admin", string password = Password, string returnUrl = "/studio/") =>
        await client.PostAsync("/studio/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = user, ["password"] = password, ["returnUrl"] = returnUrl }));

    /// <summary>Signs in, opens a Studio page and returns the access token it embeds.</summary>
    public async Task<string> StudioTokenAsync()
    {
        var client = Client();
        var signIn = await SignInAsync(client);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var page = await client.GetStringAsync("/studio/");
        return AccessToken().Match(page).Groups[1].Value;
    }

    /// <summary>Publishes the test flow Start → WriteLine → End (3 nodes) under the given id.</summary>
    public async Task<string> ImportSampleAsync(string definitionId = "greeting", int version = 1)
    {
        var json = JsonNode.Parse($$"""
            {
              "definitionId": "{{definitionId}}", "version": {{version}}, "name": "Greeting {{definitionId}}",
              "root": { "type": "Elsa.Flowchart", "id": "Flowchart1", "version": 1,
                "activities": [
                  { "id": "Start1", "type": "Elsa.Start", "version": 1, "metadata": { "designer": { "position": { "x": 100, "y": 200 } } } },
                  { "id": "WriteLine1", "type": "Elsa.WriteLine", "version": 1, "unknownActivityField": { "kept": true },
                    "text": { "typeName": "String", "expression": { "type": "Literal", "value": "Hello" } },
                    "metadata": { "designer": { "position": { "x": 350, "y": 200 } } } },
                  { "id": "End1", "type": "Elsa.End", "version": 1, "metadata": { "designer": { "position": { "x": 600, "y": 200 } } } }
                ],
                "connections": [
                  { "source": { "activity": "Start1", "port": "Done" }, "target": { "activity": "WriteLine1", "port": "In" } },
                  { "source": { "activity": "WriteLine1", "port": "Done" }, "target": { "activity": "End1", "port": "In" } }
                ] }
            }
            """)!.AsObject();
        await Services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(json, "test");
        return definitionId;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [GeneratedRegex("access-token=\"([^\"]+)\"")]
    public static partial Regex AccessToken();

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(sink);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Enqueue(formatter(state, exception));
        }
    }
}
