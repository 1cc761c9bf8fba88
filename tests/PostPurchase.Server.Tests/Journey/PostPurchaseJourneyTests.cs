using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.TestSupport.OpenAi;
using PostPurchase.TestSupport.Smtp;
using PostPurchase.TestSupport.Twilio;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Server.Tests.Journey;

/// <summary>
/// The shipped journey end to end through HTTP: a signed purchase webhook, a real SMTP conversation, the Twilio and
/// OpenAI stand-ins on loopback, the hosted review page and a virtual clock moved day by day.
/// </summary>
public sealed class PostPurchaseJourneyTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string BaseUrl = "http://shop.test";
    private readonly LoopbackSmtpServer _smtp = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
    private TwilioStandIn _twilio = null!;
    private OpenAiStandIn _openAi = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _twilio = await TwilioStandIn.StartAsync();
        _openAi = await OpenAiStandIn.StartAsync();
        var data = Directory.CreateTempSubdirectory("pp-journey-").FullName;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["Data:Directory"] = data, ["Worker:Enabled"] = "false", ["PublicBaseUrl"] = BaseUrl,
                ["Smtp:Host"] = _smtp.Host, ["Smtp:Port"] = _smtp.Port.ToString(), ["Email:From"] = "Shop <shop@shop.test>",
                ["Twilio:BaseUrl"] = _twilio.BaseUrl, ["Twilio:AccountSid"] = TwilioStandIn.AccountSid, ["Twilio:AuthToken"] = TwilioStandIn.AuthToken,
                ["Twilio:From"] = "+15005550006", ["Ai:BaseUrl"] = _openAi.BaseUrl, ["Ai:ApiKey"] = "sk-test", ["Ai:Model"] = "journey-model",
                ["Webhooks:Secret"] = Secret, ["Support:Email"] = "support@shop.test", ["Offers:DiscountCode"] = "SAVE10", ["Store:Name"] = "Test Shop", ["Auth:ApiKeys"] = "journey-key",
            })
                b.UseSetting(key, value);
            b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
        });
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(BaseUrl), AllowAutoRedirect = false });
        await _client.GetAsync("/health");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _smtp.DisposeAsync();
        await _twilio.DisposeAsync();
        await _openAi.DisposeAsync();
    }

    private static JsonObject Purchase(string orderId, string email, string phone) => new()
    {
        ["type"] = "purchase", ["orderId"] = orderId,
        ["customer"] = new JsonObject { ["email"] = email, ["name"] = "Grace Hopper", ["phone"] = phone, ["timeZone"] = "UTC", ["smsConsent"] = true, ["marketingConsent"] = true },
        ["items"] = new JsonArray(new JsonObject { ["sku"] = "PHOTO-101", ["name"] = "Photography Masterclass", ["quantity"] = 1, ["unitPrice"] = 89.00 }),
        ["currency"] = "EUR",
    };

    private async Task SendAsync(JsonObject body)
    {
        var json = body.ToJsonString();
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{json}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/purchase") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + signature);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await DrainAsync();
    }

    private async Task DrainAsync() => await _factory.Services.GetRequiredService<WorkflowWorker>().DrainAsync();

    private async Task AdvanceToDayAsync(double day)
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero).AddDays(day));
        await DrainAsync();
    }

    /// <summary>Where a tracked link in a message redirects to.</summary>
    private async Task<string> FollowTrackedLinkAsync(string trackedUrl)
    {
        var response = await _client.GetAsync(trackedUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    private static string? Subject(MimeMessageReader mail) => mail.Header("Subject");

    private static string Text(MimeMessageReader mail) => mail.Part("text/plain")?.Text ?? "";

    private List<MimeMessageReader> MailsTo(string address) =>
        _smtp.Received.Where(m => m.Recipients.Contains(address)).Select(m => m.Parse()).ToList();

    [Fact]
    public async Task A_purchase_gets_confirmation_onboarding_review_sms_thanks_and_an_ai_offer_and_a_refund_stops_another()
    {
        _openAi.Then(new ScriptedAnswer.Text("Grace, three weeks with the Masterclass! Take SAVE10 for 10% off the Preset Pack.", TotalTokens: 80));
        await SendAsync(Purchase("ORD-1", "grace@example.com", "+15005550010"));
        await SendAsync(Purchase("ORD-2", "refunded@example.com", "+15005550011"));

        var confirmation = Assert.Single(MailsTo("grace@example.com"));
        Assert.Equal("Your order ORD-1 is confirmed", Subject(confirmation));
        var confirmationText = Text(confirmation);
        Assert.Contains("89.00 EUR", confirmationText);
        // Links are tracked: the email carries /c/{id}, which redirects to the signed download link.
        Assert.DoesNotContain("/downloads/", confirmationText);
        var download = await FollowTrackedLinkAsync(Regex.Match(confirmationText, BaseUrl + @"/c/[\w-]+").Value);
        Assert.StartsWith(BaseUrl + "/downloads/", download);
        var redirect = await _client.GetAsync(download);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("https://courses.example.com/photo-masterclass", redirect.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(download[..^3] + "xyz")).StatusCode);

        await AdvanceToDayAsync(2);
        Assert.Equal("Getting the most out of Photography Masterclass (online course)", Subject(MailsTo("grace@example.com").Last()));
        Assert.Equal(2, MailsTo("refunded@example.com").Count);

        await SendAsync(new JsonObject { ["type"] = "refund", ["orderId"] = "ORD-2", ["reason"] = "customer request" });
        await AdvanceToDayAsync(3);

        await AdvanceToDayAsync(7);
        var sms = Assert.Single(_twilio.Requests);
        Assert.Equal("+15005550010", sms.Form["To"]);
        var reviewPath = new Uri(Regex.Match(sms.Form["Body"], BaseUrl + @"/review/[\w.-]+").Value).AbsolutePath;
        var submitted = await _client.PostAsync(reviewPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = "5", ["comment"] = "Great course" }));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        await DrainAsync();
        var thanks = MailsTo("grace@example.com").Last();
        Assert.Equal("Thank you for your review", Subject(thanks));
        Assert.Equal("https://reviews.example.com/photo-masterclass", await FollowTrackedLinkAsync(Regex.Match(Text(thanks), BaseUrl + @"/c/[\w-]+").Value));

        var journeyId = Assert.Single(await _factory.Services.GetRequiredService<PostPurchase.Workflows.Runtime.Stores.IWorkflowInstanceStore>().FindActiveIdsByCorrelationAsync("ORD-1"));
        await AdvanceToDayAsync(21);
        var offer = MailsTo("grace@example.com").Last();
        Assert.Equal("A thank-you gift for you: SAVE10", Subject(offer));
        Assert.Contains("Take SAVE10 for 10% off the Preset Pack", Text(offer));
        Assert.Equal("journey-model", (string?)Assert.Single(_openAi.Requests)["model"]);
        Assert.DoesNotContain("grace@example.com", _openAi.Requests[0].ToJsonString());
        var apiRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/instances/{journeyId}");
        apiRequest.Headers.TryAddWithoutValidation("Authorization", "ApiKey journey-key");
        var instance = (await (await _client.SendAsync(apiRequest)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(80, (int?)instance["state"]!["properties"]!["aiTokens"]); // the model's token usage, per journey

        Assert.Equal(4, MailsTo("grace@example.com").Count); // confirmation, onboarding, review thanks, offer (the review request went by SMS)
        Assert.Equal(2, MailsTo("refunded@example.com").Count); // confirmation and onboarding, nothing after the refund
        Assert.DoesNotContain(_twilio.Requests, r => r.Form["To"] == "+15005550011");
    }

    [Fact]
    public async Task Physical_goods_are_reviewed_three_days_after_the_delivered_event()
    {
        var tripod = Purchase("ORD-5", "lin@example.com", "+15005550015");
        tripod["items"] = new JsonArray(new JsonObject { ["sku"] = "TRIPOD-CF", ["name"] = "Carbon Travel Tripod", ["quantity"] = 1, ["unitPrice"] = 149.00 });
        await SendAsync(tripod);
        Assert.Contains("It ships within one business day", Text(Assert.Single(MailsTo("lin@example.com"))));

        await AdvanceToDayAsync(4);
        await SendAsync(new JsonObject { ["type"] = "delivered", ["orderId"] = "ORD-5" });
        await AdvanceToDayAsync(6.9);
        Assert.Empty(_twilio.Requests); // not before three days after delivery

        await AdvanceToDayAsync(7);
        Assert.Equal("+15005550015", Assert.Single(_twilio.Requests).Form["To"]);
    }

    [Fact]
    public async Task When_the_model_fails_the_loyalty_offer_goes_out_with_the_fallback_text()
    {
        _openAi.Otherwise = new ScriptedAnswer.Status(500);
        await SendAsync(Purchase("ORD-9", "alan@example.com", "+15005550019"));

        await AdvanceToDayAsync(2);
        await AdvanceToDayAsync(7);
        await AdvanceToDayAsync(12);
        await AdvanceToDayAsync(21);

        var offer = MailsTo("alan@example.com").Last();
        Assert.Equal("A thank-you gift for you: SAVE10", Subject(offer));
        Assert.Contains("here is 10% off your next order with the code SAVE10", Text(offer).ReplaceLineEndings(" ").Replace("*", ""));
        Assert.NotEmpty(_openAi.Requests); // the model was asked, failed, and the journey went on
    }

    [Fact]
    public async Task The_simulator_plays_the_shipped_journey_without_sending_anything()
    {
        var body = new JsonObject { ["payload"] = Purchase("SIM-1", "sim@example.com", "+15005550012") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.PostAsJsonAsync("/api/simulations", body)).StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/simulations") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey journey-key");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal("Finished", (string?)report["status"]);
        var messages = report["steps"]!.AsArray().Where(s => (string?)s!["kind"] == "message")
            .Select(s => ((double)s!["day"]!, (string?)s["channel"], (string?)s["status"], (string?)s["subject"])).ToList();
        Assert.Equal(
        [
            (0, "email", "Sent", "Your order SIM-1 is confirmed"),
            (2, "email", "Sent", "Getting the most out of Photography Masterclass (online course)"),
            (7, "sms", "Sent", null),
            (21, "email", "Sent", "A thank-you gift for you: SAVE10"),
            (22, "sms", "Sent", null), // the offer was not clicked within a day
        ], messages);
        var offer = report["steps"]!.AsArray().Last(s => (string?)s!["kind"] == "message" && (string?)s["channel"] == "email")!;
        Assert.Contains("10% off** your next order with the code **SAVE10**", (string?)offer["body"]);
        Assert.Contains(report["steps"]!.AsArray(), s => (string?)s!["activityId"] == "review" && (string?)s["outcome"] == "NoResponse");
        Assert.Empty(_smtp.Received);
        Assert.Empty(_twilio.Requests);
        Assert.Empty(_openAi.Requests);
    }

    [Fact]
    public async Task A_simulation_of_an_unknown_definition_or_a_refund_payload_is_a_clear_400()
    {
        foreach (var body in new[]
        {
            new JsonObject { ["definitionId"] = "nope", ["payload"] = Purchase("X", "x@example.com", "+15005550013") },
            new JsonObject { ["payload"] = new JsonObject { ["type"] = "refund", ["orderId"] = "X" } },
        })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/simulations") { Content = JsonContent.Create(body) };
            request.Headers.TryAddWithoutValidation("Authorization", "ApiKey journey-key");
            var response = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        }
    }
}
