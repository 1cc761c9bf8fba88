using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.ApiDescription;

/// <summary>/openapi/v1.json and the /api-docs page, read without signing in, on a real server.</summary>
public sealed class ApiDescriptionTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new StudioTestHost(kestrel: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = _host.Client();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static JsonObject Operation(JsonObject document, string method, string path) =>
        document["paths"]?[path]?[method]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{method.ToUpperInvariant()} {path} is not in the document");

    private static string[] Schemes(JsonObject operation) =>
        operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).Order().ToArray() ?? [];

    private static string[] HeaderParameters(JsonObject operation) =>
        operation["parameters"]?.AsArray().Where(p => (string?)p!["in"] == "header").Select(p => (string)p!["name"]!).ToArray() ?? [];

    [Fact]
    public async Task The_document_is_openapi_3_with_both_auth_schemes()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.", (string?)document["openapi"]);
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal(("apiKey", "header", "Authorization"), ((string?)schemes["ApiKey"]!["type"], (string?)schemes["ApiKey"]!["in"], (string?)schemes["ApiKey"]!["name"]));
        Assert.Contains("ApiKey <key>", (string?)schemes["ApiKey"]!["description"]);
        Assert.Equal(("http", "bearer"), ((string?)schemes["StudioToken"]!["type"], (string?)schemes["StudioToken"]!["scheme"]));
    }

    [Fact]
    public async Task Webhooks_carry_their_signature_headers_and_the_generic_purchase_body_schema()
    {
        var document = await DocumentAsync();

        var purchase = Operation(document, "post", "/webhooks/purchase");
        Assert.Equal(["webhook-id", "webhook-timestamp", "webhook-signature"], HeaderParameters(purchase));
        Assert.Empty(Schemes(purchase)); // signed, not authenticated
        Assert.Equal("#/components/schemas/GenericWebhookEvent", (string?)purchase["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        var body = document["components"]!["schemas"]!["GenericWebhookEvent"]!;
        Assert.Equal(["orderId", "type"], body["required"]!.AsArray().Select(r => (string)r!).Order());
        foreach (var field in new[] { "type", "orderId", "customer", "items", "total", "currency", "purchasedAt", "metadata" })
            Assert.NotNull(body["properties"]![field]);
        Assert.Equal("#/components/schemas/GenericItem", (string?)body["properties"]!["items"]!["items"]!["$ref"]);
        Assert.NotNull(document["components"]!["schemas"]!["GenericCustomer"]!["properties"]!["email"]);

        Assert.Equal(["Stripe-Signature"], HeaderParameters(Operation(document, "post", "/webhooks/stripe")));
        Assert.Contains("X-Shopify-Hmac-Sha256", HeaderParameters(Operation(document, "post", "/webhooks/shopify")));
        Assert.Contains("PAYPAL-TRANSMISSION-SIG", HeaderParameters(Operation(document, "post", "/webhooks/paypal")));
        foreach (var twilio in new[] { "/webhooks/twilio/inbound", "/webhooks/twilio/status" })
        {
            Assert.Equal(["X-Twilio-Signature"], HeaderParameters(Operation(document, "post", twilio)));
            Assert.NotNull(Operation(document, "post", twilio)["requestBody"]!["content"]!["application/x-www-form-urlencoded"]);
        }
    }

    [Fact]
    public async Task Simulations_reports_instances_and_reviews_are_described_with_their_credentials()
    {
        var document = await DocumentAsync();

        Assert.Equal(["ApiKey", "StudioToken"], Schemes(Operation(document, "post", "/api/simulations")));
        Assert.NotNull(Operation(document, "post", "/api/simulations")["requestBody"]);
        Assert.Equal(["ApiKey", "StudioToken"], Schemes(Operation(document, "get", "/api/reports/journeys/{definitionId}")));
        Assert.Equal(["ApiKey"], Schemes(Operation(document, "get", "/api/instances/{id}")));
        Assert.Equal(["ApiKey"], Schemes(Operation(document, "post", "/api/instances/{id}/retry")));
        Assert.Equal(["ApiKey"], Schemes(Operation(document, "post", "/api/instances/{id}/cancel")));
        Assert.Equal(["ApiKey"], Schemes(Operation(document, "get", "/api/reviews")));
        Assert.Equal(["ApiKey", "StudioToken"], Schemes(Operation(document, "get", "/elsa/api/workflow-definitions")));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_a_declared_tag_and_no_html_page_is_listed()
    {
        var document = await DocumentAsync();
        var declared = document["tags"]!.AsArray().Select(t => (string)t!["name"]!).ToHashSet();

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            Assert.DoesNotMatch("^/(studio|reports)", path);
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.False(string.IsNullOrWhiteSpace((string?)operation!["summary"]), $"{method} {path} has no summary");
                var tags = operation["tags"]!.AsArray().Select(t => (string)t!).ToList();
                Assert.Single(tags);
                Assert.Contains(tags[0], declared);
            }
        }
    }

    [Fact]
    public async Task The_page_and_its_files_answer_without_sign_in_under_a_strict_policy()
    {
        using var client = _host.Client();

        var page = await client.GetAsync("/api-docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/api-docs/api-docs.js\"", html);
        Assert.DoesNotMatch("<script[^>]*>[^<]+</script>", html); // no inline script
        Assert.Contains("href=\"/openapi/v1.json\"", html);

        var script = await client.GetAsync("/api-docs/api-docs.js");
        Assert.Equal((HttpStatusCode.OK, "text/javascript"), (script.StatusCode, script.Content.Headers.ContentType?.MediaType));
        Assert.Contains("/openapi/v1.json", await script.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api-docs/api-docs.css")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api-docs/secrets.txt")).StatusCode);
    }

    [Fact]
    public async Task The_page_renders_the_operations_and_schemas_in_chromium_without_policy_violations()
    {
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
            page.PageError += (_, error) => errors.Add(error);
            page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };

            await page.GotoAsync(new Uri(_host.BaseAddress, "/api-docs").ToString());
            await page.Locator("details.op").First.WaitForAsync(new() { Timeout = 30_000 });

            var text = await page.InnerTextAsync("body");
            foreach (var expected in new[] { "Generic purchase webhook", "/webhooks/purchase", "/api/simulations", "/api/reports/journeys/{definitionId}",
                         "/api/instances/{id}", "/api/reviews", "GenericWebhookEvent", "Authentication", "StudioToken" })
                Assert.Contains(expected, text);
            Assert.True(await page.Locator("details.op").CountAsync() >= 12);
            Assert.Empty(errors);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
