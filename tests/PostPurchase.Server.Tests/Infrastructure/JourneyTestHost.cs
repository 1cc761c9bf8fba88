using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.TestSupport.OpenAi;
using PostPurchase.TestSupport.Smtp;
using PostPurchase.TestSupport.Twilio;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Server.Tests.Infrastructure;

/// <summary>
/// The real server running the shipped workflows/ on a virtual clock, with a real SMTP server and the Twilio and
/// OpenAI stand-ins on loopback; purchases arrive as signed webhooks and the worker is drained by the test.
/// </summary>
public sealed class JourneyTestHost : IAsyncDisposable
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string BaseUrl = "http://shop.test";
    public const string ApiKey = "journey-key";
    public static readonly DateTimeOffset Day0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private WebApplicationFactory<Program> _factory = null!;

    private JourneyTestHost() { }

    public LoopbackSmtpServer Smtp { get; } = new();
    public ManualClock Clock { get; } = new(Day0);
    public TwilioStandIn Twilio { get; private set; } = null!;
    public OpenAiStandIn OpenAi { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;

    /// <param name="settings">Extra settings, applied after (and so overriding) the defaults.</param>
    /// <param name="services">Extra test services (for example a log collector), added after the host's own.</param>
    public static async Task<JourneyTestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var host = new JourneyTestHost { Twilio = await TwilioStandIn.StartAsync(), OpenAi = await OpenAiStandIn.StartAsync() };
        var data = Directory.CreateTempSubdirectory("pp-journey-").FullName;
        host._factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["Data:Directory"] = data, ["Worker:Enabled"] = "false", ["PublicBaseUrl"] = BaseUrl,
                ["Smtp:Host"] = host.Smtp.Host, ["Smtp:Port"] = host.Smtp.Port.ToString(), ["Email:From"] = "Shop <shop@shop.test>",
                ["Twilio:BaseUrl"] = host.Twilio.BaseUrl, ["Twilio:AccountSid"] = TwilioStandIn.AccountSid, ["Twilio:AuthToken"] = TwilioStandIn.AuthToken,
                ["Twilio:From"] = "+15005550006", ["Ai:BaseUrl"] = host.OpenAi.BaseUrl, ["Ai:ApiKey"] = "sk-test", ["Ai:Model"] = "journey-model",
                ["Webhooks:Secret"] = Secret, ["Support:Email"] = "support@shop.test", ["Offers:DiscountCode"] = "SAVE10", ["Store:Name"] = "Test Shop", ["Auth:ApiKeys"] = ApiKey,
                ["Store:LegalName"] = "Test Shop Ltd", ["Store:PostalAddress"] = "1 Test Street\nTestville TE1 1ST\nUnited Kingdom",
            })
                b.UseSetting(key, value);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) b.UseSetting(key, value);
            b.ConfigureTestServices(collection =>
            {
                collection.AddSingleton<TimeProvider>(host.Clock);
                services?.Invoke(collection);
            });
        });
        host.Client = host._factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(BaseUrl), AllowAutoRedirect = false });
        await host.Client.GetAsync("/health");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await Smtp.DisposeAsync();
        await Twilio.DisposeAsync();
        await OpenAi.DisposeAsync();
    }

    public static JsonObject Purchase(string orderId, string email, string phone, double unitPrice = 89.00) => new()
    {
        ["type"] = "purchase", ["orderId"] = orderId,
        ["customer"] = new JsonObject { ["email"] = email, ["name"] = "Grace Hopper", ["phone"] = phone, ["timeZone"] = "UTC", ["smsConsent"] = true, ["marketingConsent"] = true },
        ["items"] = new JsonArray(new JsonObject { ["sku"] = "PHOTO-101", ["name"] = "Photography Masterclass", ["quantity"] = 1, ["unitPrice"] = unitPrice }),
        ["currency"] = "EUR",
    };

    /// <summary>Posts a signed generic webhook and runs the work it queued.</summary>
    public async Task SendAsync(JsonObject body)
    {
        var json = body.ToJsonString();
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{json}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/purchase") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + signature);
        var response = await Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Webhook refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await DrainAsync();
    }

    public async Task DrainAsync() => await Services.GetRequiredService<WorkflowWorker>().DrainAsync();

    public async Task AdvanceToDayAsync(double day)
    {
        Clock.SetUtcNow(Day0.AddDays(day));
        await DrainAsync();
    }

    public List<MimeMessageReader> MailsTo(string address) =>
        Smtp.Received.Where(m => m.Recipients.Contains(address)).Select(m => m.Parse()).ToList();

    public static string? Subject(MimeMessageReader mail) => mail.Header("Subject");

    public static string Text(MimeMessageReader mail) => mail.Part("text/plain")?.Text ?? "";

    /// <summary>Where a tracked link in a message redirects to.</summary>
    public async Task<string> FollowTrackedLinkAsync(string trackedUrl, string? userAgent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, trackedUrl);
        if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        var response = await Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"{trackedUrl}: {(int)response.StatusCode}, not a redirect");
        await DrainAsync();
        return response.Headers.Location!.ToString();
    }

    public HttpRequestMessage ApiRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + ApiKey);
        return request;
    }
}
