using PostPurchase.Commerce.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using PostPurchase.Persistence;
using PostPurchase.Persistence.Commerce;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Verification;
using PostPurchase.TestSupport.Commerce;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Server.Tests.Webhooks;

/// <summary>The webhook endpoints through HTTP on the server's default database (SQLite); the PostgreSQL run is below.</summary>
public class WebhookEndpointTests : IAsyncLifetime
{
    private const string StripeSecret = "whsec_server_test";
    private const string ShopifySecret = "shopify_secret";
    private const string GenericSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string PayPalWebhookId = "WH-ID-1";
    private readonly PayPalApiStandIn _paypal = new("pp-client", "pp-secret");
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    private (string Key, string Value)[] _database = [];

    /// <summary>Database settings for the server under test (none: SQLite in the temp data directory).</summary>
    protected virtual Task<(string Key, string Value)[]> DatabaseAsync() => Task.FromResult<(string, string)[]>([]);

    public async Task InitializeAsync()
    {
        _database = await DatabaseAsync();
        await _paypal.StartAsync();
        _factory = Factory(
            ("Stripe:WebhookSecret", StripeSecret), ("Shopify:WebhookSecret", ShopifySecret), ("Webhooks:Secret", GenericSecret),
            ("PayPal:BaseUrl", _paypal.BaseUrl), ("PayPal:ClientId", "pp-client"), ("PayPal:ClientSecret", "pp-secret"), ("PayPal:WebhookId", PayPalWebhookId));
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _paypal.DisposeAsync();
    }

    private WebApplicationFactory<Program> Factory(params (string Key, string Value)[] settings)
    {
        var data = Directory.CreateTempSubdirectory("pp-webhooks-").FullName;
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Data:Directory", data);
            b.UseSetting("Worker:Enabled", "false");
            foreach (var (key, value) in _database.Concat(settings)) b.UseSetting(key, value);
        });
    }

    private Task<int> PendingWorkAsync() => _factory.Services.GetRequiredService<IWorkQueue>().CountPendingAsync();

    /// <summary>The inbox table of the server's database.</summary>
    private List<InboxEventRow> Inbox
    {
        get
        {
            using var db = _factory.Services.GetRequiredService<IDbContextFactory<PostPurchaseDbContext>>().CreateDbContext();
            return db.Set<InboxEventRow>().AsNoTracking().ToList();
        }
    }

    private static HttpRequestMessage Post(string path, byte[] body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static HttpRequestMessage Stripe(byte[] body, string secret = StripeSecret, long? at = null) =>
        Post("/webhooks/stripe", body, ("Stripe-Signature", global::Stripe.EventUtility.GenerateSignatureHeader(System.Text.Encoding.UTF8.GetString(body), secret, at ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds())));

    [Fact]
    public async Task Without_a_configured_secret_the_generic_endpoint_gets_a_generated_one_stored_under_data()
    {
        await using var quickStart = Factory();
        var client = quickStart.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(Post("/webhooks/purchase", "{}"u8.ToArray()))).StatusCode);
        var secret = quickStart.Services.GetRequiredService<IOptions<GenericWebhookOptions>>().Value.Secret;
        var data = quickStart.Services.GetRequiredService<PostPurchase.Server.Hosting.ServerSettings>().DataDirectory;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(secret, File.ReadAllText(Path.Combine(data, "webhook-secret.txt")).Trim());
    }

    [Fact]
    public async Task Endpoints_without_a_secret_answer_404()
    {
        await using var bare = Factory(("Webhooks:GenerateSecret", "false"));
        var client = bare.CreateClient();
        foreach (var path in new[] { "/webhooks/stripe", "/webhooks/paypal", "/webhooks/shopify", "/webhooks/purchase" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Post(path, "{}"u8.ToArray()))).StatusCode);
    }

    [Fact]
    public async Task Stripe_start_event_is_queued_once_even_when_replayed_twenty_times_concurrently()
    {
        var body = StripeEvents.Bytes(StripeEvents.CheckoutSessionCompleted());
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.SendAsync(Stripe(body))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var statuses = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(statuses, s => s.Contains("accepted"));
        Assert.Equal(1, await PendingWorkAsync());
        Assert.Single(Inbox, e => e.Provider == "stripe" && e.OrderId == StripeEvents.PaymentIntentId);

        await _factory.Services.GetRequiredService<WorkflowWorker>().DrainAsync();
        var journeys = await _factory.Services.GetRequiredService<IWorkflowInstanceStore>().FindActiveIdsByCorrelationAsync(StripeEvents.PaymentIntentId);
        Assert.Single(journeys);
    }

    [Fact]
    public async Task Stripe_forged_stale_and_malformed_deliveries_change_nothing()
    {
        var body = StripeEvents.Bytes(StripeEvents.PaymentIntentSucceeded());
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(Stripe(body, secret: "whsec_forged"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(Stripe(body, at: DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds()))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(Post("/webhooks/stripe", body))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(Stripe("{\"id\": \"evt_1\", \"type\":"u8.ToArray()))).StatusCode);
        Assert.Equal(0, await PendingWorkAsync());
        Assert.Empty(Inbox);
    }

    [Fact]
    public async Task Stripe_unknown_types_answer_200_and_are_recorded_as_ignored()
    {
        var response = await _client.SendAsync(Stripe(StripeEvents.Bytes(StripeEvents.Ignored("invoice.paid"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ignored", await response.Content.ReadAsStringAsync());
        Assert.Equal("ignored", Assert.Single(Inbox).Outcome);
        Assert.Equal(0, await PendingWorkAsync());
    }

    [Fact]
    public async Task Shopify_paid_order_is_queued_and_a_bad_hmac_answers_401()
    {
        var body = ShopifyWebhooks.Bytes(ShopifyWebhooks.Order());
        var forged = await _client.SendAsync(Post("/webhooks/shopify", body, ("X-Shopify-Hmac-Sha256", ShopifyHmacVerifier.Header("wrong", body)), ("X-Shopify-Topic", "orders/paid"), ("X-Shopify-Webhook-Id", "wh-1")));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(0, await PendingWorkAsync());

        var ok = await _client.SendAsync(Post("/webhooks/shopify", body, ("X-Shopify-Hmac-Sha256", ShopifyHmacVerifier.Header(ShopifySecret, body)), ("X-Shopify-Topic", "orders/paid"), ("X-Shopify-Webhook-Id", "wh-1")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, await PendingWorkAsync());
        Assert.Equal(("shopify", ShopifyWebhooks.OrderId.ToString(), "purchase"), Inbox.Single() is var e ? (e.Provider, e.OrderId, e.Outcome) : default);
    }

    [Fact]
    public async Task PayPal_deliveries_are_verified_through_the_paypal_api()
    {
        var body = PayPalEvents.Bytes(PayPalEvents.SaleCompleted());
        var signed = _paypal.Sign(PayPalWebhookId, Encoding.UTF8.GetString(body));
        var response = await _client.SendAsync(Post("/webhooks/paypal", body, signed.Select(h => (h.Key, h.Value)).ToArray()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("paypal", PayPalEvents.SaleId), Inbox.Single() is var e ? (e.Provider, e.OrderId) : default);

        var foreign = _paypal.Sign("SOME-OTHER-WEBHOOK", Encoding.UTF8.GetString(body));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(Post("/webhooks/paypal", body, foreign.Select(h => (h.Key, h.Value)).ToArray()))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(Post("/webhooks/paypal", body))).StatusCode);
        Assert.Equal(1, await PendingWorkAsync());
    }

    [Fact]
    public async Task Generic_purchase_then_refund_queue_a_start_and_a_cancel()
    {
        async Task<HttpResponseMessage> Send(string json, string id, long? at = null)
        {
            var body = Encoding.UTF8.GetBytes(json);
            var ts = at ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return await _client.SendAsync(Post("/webhooks/purchase", body,
                ("webhook-id", id), ("webhook-timestamp", ts.ToString()), ("webhook-signature", StandardWebhookVerifier.SignatureHeader(GenericSecret, id, ts, body))));
        }

        const string purchase = """{"type":"purchase","orderId":"A-1","customer":{"email":"ada@example.com"},"items":[{"sku":"MUG","name":"Mug","quantity":1,"unitPrice":9.5}],"total":9.5,"currency":"EUR"}""";
        Assert.Equal(HttpStatusCode.OK, (await Send(purchase, "msg_1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send("""{"type":"refund","orderId":"A-1"}""", "msg_2")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(purchase, "msg_3", DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send("""{"type":"purchase"}""", "msg_4")).StatusCode);

        Assert.Equal(2, await PendingWorkAsync());
        Assert.Equal(["purchase", "stop"], Inbox.Select(e => e.Outcome).OrderBy(o => o));

        // Whichever runs first, the refund wins: no journey for A-1 is left running.
        await _factory.Services.GetRequiredService<WorkflowWorker>().DrainAsync();
        Assert.Empty(await _factory.Services.GetRequiredService<IWorkflowInstanceStore>().FindActiveIdsByCorrelationAsync("A-1"));
        Assert.True(await _factory.Services.GetRequiredService<IWorkflowInstanceStore>().IsCorrelationCancelledAsync("A-1"));
    }
}

/// <summary>The same webhook tests on a real PostgreSQL server.</summary>
public sealed class PostgresWebhookEndpointTests : WebhookEndpointTests
{
    protected override async Task<(string Key, string Value)[]> DatabaseAsync() =>
        [("Database:Provider", "PostgreSql"), ("ConnectionStrings:Default", await PostPurchase.TestSupport.Postgres.TestPostgres.CreateDatabaseAsync("pp_webhooks"))];
}
