using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.TestSupport.OpenAi;
using Microsoft.Extensions.DependencyInjection;
using static PostPurchase.Server.Tests.Infrastructure.JourneyTestHost;
namespace PostPurchase.Server.Tests.Journey;

/// <summary>
/// The shipped journey end to end through HTTP: a signed purchase webhook, a real SMTP conversation, the Twilio and
/// OpenAI stand-ins on loopback, the hosted review page and a virtual clock moved day by day.
/// </summary>
public sealed class PostPurchaseJourneyTests : IAsyncLifetime
{
    private JourneyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await JourneyTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_purchase_gets_confirmation_onboarding_review_sms_thanks_and_an_ai_offer_and_a_refund_stops_another()
    {
        _host.OpenAi.Then(new ScriptedAnswer.Text("Grace, three weeks with the Masterclass! Take SAVE10 for 10% off the Preset Pack.", TotalTokens: 80));
        await _host.SendAsync(Purchase("ORD-1", "grace@example.com", "+15005550010"));
        await _host.SendAsync(Purchase("ORD-2", "refunded@example.com", "+15005550011"));

        var confirmation = Assert.Single(_host.MailsTo("grace@example.com"));
        Assert.Equal("Your order ORD-1 is confirmed", Subject(confirmation));
        var confirmationText = Text(confirmation);
        Assert.Contains("89.00 EUR", confirmationText);
        // Links are tracked: the email carries /c/{id}, which redirects to the signed download link.
        Assert.DoesNotContain("/downloads/", confirmationText);
        var download = await _host.FollowTrackedLinkAsync(Regex.Match(confirmationText, BaseUrl + @"/c/[\w-]+").Value);
        Assert.StartsWith(BaseUrl + "/downloads/", download);
        var redirect = await _host.Client.GetAsync(download);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("https://courses.example.com/photo-masterclass", redirect.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.GetAsync(download[..^3] + "xyz")).StatusCode);

        await _host.AdvanceToDayAsync(2);
        Assert.Equal("Getting the most out of Photography Masterclass (online course)", Subject(_host.MailsTo("grace@example.com").Last()));
        Assert.Equal(2, _host.MailsTo("refunded@example.com").Count);

        await _host.SendAsync(new JsonObject { ["type"] = "refund", ["orderId"] = "ORD-2", ["reason"] = "customer request" });
        await _host.AdvanceToDayAsync(3);

        await _host.AdvanceToDayAsync(7);
        var sms = Assert.Single(_host.Twilio.Requests);
        Assert.Equal("+15005550010", sms.Form["To"]);
        var reviewPath = new Uri(Regex.Match(sms.Form["Body"], BaseUrl + @"/review/[\w.-]+").Value).AbsolutePath;
        var submitted = await _host.Client.PostAsync(reviewPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = "5", ["comment"] = "Great course" }));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        await _host.DrainAsync();
        var thanks = _host.MailsTo("grace@example.com").Last();
        Assert.Equal("Thank you for your review", Subject(thanks));
        Assert.Equal("https://reviews.example.com/photo-masterclass", await _host.FollowTrackedLinkAsync(Regex.Match(Text(thanks), BaseUrl + @"/c/[\w-]+").Value));

        var journeyId = Assert.Single(await _host.Services.GetRequiredService<PostPurchase.Workflows.Runtime.Stores.IWorkflowInstanceStore>().FindActiveIdsByCorrelationAsync("ORD-1"));
        await _host.AdvanceToDayAsync(21);
        var offer = _host.MailsTo("grace@example.com").Last();
        Assert.Equal("A thank-you gift for you: SAVE10", Subject(offer));
        Assert.Contains("Take SAVE10 for 10% off the Preset Pack", Text(offer));
        Assert.Equal("journey-model", (string?)Assert.Single(_host.OpenAi.Requests)["model"]);
        Assert.DoesNotContain("grace@example.com", _host.OpenAi.Requests[0].ToJsonString());
        var apiRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/instances/{journeyId}");
        apiRequest.Headers.TryAddWithoutValidation("Authorization", "ApiKey journey-key");
        var instance = (await (await _host.Client.SendAsync(apiRequest)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(80, (int?)instance["state"]!["properties"]!["aiTokens"]); // the model's token usage, per journey

        Assert.Equal(4, _host.MailsTo("grace@example.com").Count); // confirmation, onboarding, review thanks, offer (the review request went by SMS)
        Assert.Equal(2, _host.MailsTo("refunded@example.com").Count); // confirmation and onboarding, nothing after the refund
        Assert.DoesNotContain(_host.Twilio.Requests, r => r.Form["To"] == "+15005550011");
    }

    [Fact]
    public async Task Physical_goods_are_reviewed_three_days_after_the_delivered_event()
    {
        var tripod = Purchase("ORD-5", "lin@example.com", "+15005550015");
        tripod["items"] = new JsonArray(new JsonObject { ["sku"] = "TRIPOD-CF", ["name"] = "Carbon Travel Tripod", ["quantity"] = 1, ["unitPrice"] = 149.00 });
        await _host.SendAsync(tripod);
        Assert.Contains("It ships within one business day", Text(Assert.Single(_host.MailsTo("lin@example.com"))));

        await _host.AdvanceToDayAsync(4);
        await _host.SendAsync(new JsonObject { ["type"] = "delivered", ["orderId"] = "ORD-5" });
        await _host.AdvanceToDayAsync(6.9);
        Assert.Empty(_host.Twilio.Requests); // not before three days after delivery

        await _host.AdvanceToDayAsync(7);
        Assert.Equal("+15005550015", Assert.Single(_host.Twilio.Requests).Form["To"]);
    }

    [Fact]
    public async Task When_the_model_fails_the_loyalty_offer_goes_out_with_the_fallback_text()
    {
        _host.OpenAi.Otherwise = new ScriptedAnswer.Status(500);
        await _host.SendAsync(Purchase("ORD-9", "alan@example.com", "+15005550019"));

        await _host.AdvanceToDayAsync(2);
        await _host.AdvanceToDayAsync(7);
        await _host.AdvanceToDayAsync(12);
        await _host.AdvanceToDayAsync(21);

        var offer = _host.MailsTo("alan@example.com").Last();
        Assert.Equal("A thank-you gift for you: SAVE10", Subject(offer));
        Assert.Contains("here is 10% off your next order with the code SAVE10", Text(offer).ReplaceLineEndings(" ").Replace("*", ""));
        Assert.NotEmpty(_host.OpenAi.Requests); // the model was asked, failed, and the journey went on
    }

    [Fact]
    public async Task The_simulator_plays_the_shipped_journey_without_sending_anything()
    {
        var body = new JsonObject { ["payload"] = Purchase("SIM-1", "sim@example.com", "+15005550012") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.PostAsJsonAsync("/api/simulations", body)).StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/simulations") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Authorization", "ApiKey journey-key");
        var response = await _host.Client.SendAsync(request);
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
        // The model's (or the fallback's) text is data in the email: kept literal, never Markdown.
        Assert.Contains("10% off your next order with the code SAVE10", (string?)offer["body"]);
        Assert.Contains(report["steps"]!.AsArray(), s => (string?)s!["activityId"] == "review" && (string?)s["outcome"] == "NoResponse");
        Assert.Empty(_host.Smtp.Received);
        Assert.Empty(_host.Twilio.Requests);
        Assert.Empty(_host.OpenAi.Requests);
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
            var response = await _host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        }
    }
}
