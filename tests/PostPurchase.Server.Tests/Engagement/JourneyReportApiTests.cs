using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostPurchase.Engagement.Reports;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.TestSupport.OpenAi;
using static PostPurchase.Server.Tests.Infrastructure.JourneyTestHost;

namespace PostPurchase.Server.Tests.Engagement;

/// <summary>
/// Scripted journeys through the real server (webhooks, SMTP, Twilio stand-in, review page, tracked links, pixel,
/// repeat purchases and a refund); the report over HTTP equals the figures worked out by hand in the comments.
/// </summary>
public sealed class JourneyReportApiTests : IAsyncLifetime
{
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
    private JourneyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await JourneyTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task ReviewAsync(string phone, int rating)
    {
        var sms = _host.Twilio.Requests.Last(r => r.Form["To"] == phone && r.Form["Body"].Contains("/review/"));
        var path = new Uri(Regex.Match(sms.Form["Body"], BaseUrl + @"/review/[\w.-]+").Value).AbsolutePath;
        var response = await _host.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = rating.ToString() }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.DrainAsync();
    }

    private async Task<JourneyReport> ReportAsync(string query)
    {
        var response = await _host.Client.SendAsync(_host.ApiRequest(HttpMethod.Get, "/api/reports/journeys/post-purchase" + query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JourneyReport>(JsonSerializerOptions.Web))!;
    }

    [Fact]
    public async Task The_report_of_scripted_journeys_equals_the_hand_computed_figures()
    {
        _host.OpenAi.Then(new ScriptedAnswer.Text("Ada, take SAVE10 for 10% off the Preset Pack.", TotalTokens: 80));
        _host.OpenAi.Otherwise = new ScriptedAnswer.Status(500);
        await _host.SendAsync(Purchase("R1", "ada@example.com", "+15005550041"));
        await _host.SendAsync(Purchase("R2", "bob@example.com", "+15005550042"));
        await _host.SendAsync(Purchase("R3", "cy@example.com", "+15005550043"));
        await _host.SendAsync(Purchase("R4", "dan@example.com", "+15005550044"));
        await _host.AdvanceToDayAsync(1);
        await _host.SendAsync(new JsonObject { ["type"] = "refund", ["orderId"] = "R4" });

        await _host.AdvanceToDayAsync(2);
        await _host.AdvanceToDayAsync(7);
        await ReviewAsync("+15005550041", 5);
        await ReviewAsync("+15005550042", 2);
        await _host.AdvanceToDayAsync(14);
        await _host.AdvanceToDayAsync(21);

        // Ada clicks the offer, Bob only opens it, Cy does neither: Bob and Cy get the SMS reminder on day 22.
        await _host.AdvanceToDayAsync(21.2);
        await _host.FollowTrackedLinkAsync(Regex.Match(Text(_host.MailsTo("ada@example.com").Last()), BaseUrl + @"/c/[\w-]+").Value, Browser);
        await _host.AdvanceToDayAsync(21.3);
        var bobsOffer = _host.MailsTo("bob@example.com").Last().Part("text/html")!.Text;
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync(WebUtility.HtmlDecode(Regex.Match(bobsOffer, "src=\"([^\"]+/o/[^\"]+)\"").Groups[1].Value))).StatusCode);
        await _host.AdvanceToDayAsync(22);
        await _host.SendAsync(Purchase("R6", "bob@example.com", "+15005550042", unitPrice: 29.00));  // 0.7 days after the open: the offer's
        await _host.AdvanceToDayAsync(22.1);
        await _host.SendAsync(Purchase("R8", "bob@example.com", "+15005550042", unitPrice: 99.00));  // refunded below: not a conversion
        await _host.SendAsync(new JsonObject { ["type"] = "refund", ["orderId"] = "R8" });
        await _host.AdvanceToDayAsync(23);
        await _host.SendAsync(Purchase("R5", "ada@example.com", "+15005550041", unitPrice: 49.00));  // 1.8 days after the click: the offer's
        await _host.AdvanceToDayAsync(24);
        await _host.SendAsync(Purchase("R7", "cy@example.com", "+15005550043", unitPrice: 19.00));   // no click or open: not attributed
        await _host.AdvanceToDayAsync(25);

        var report = await ReportAsync("?from=2026-03-01&to=2026-03-31");
        StepReport Step(string id) => report.Steps.Single(s => s.ActivityId == id);

        Assert.Equal(8, report.JourneysStarted); // R1–R8
        Assert.Equal([4, 2, 1, 1], report.StartsPerDay.Where(d => d.Count > 0).Select(d => d.Count)); // 2 Mar; 24 Mar (R6, R8); 25 Mar; 26 Mar
        Assert.Equal((8, 8, 8), (Step("confirmation").Entered, Step("confirmation").Sent, Step("confirmation").Delivered));
        Assert.Equal(3, Step("onboarding").Sent); // R4 was refunded before day 2

        var review = Step("review");
        Assert.Equal((3, 2, 3.5), (review.Entered, review.Reviews, review.AverageRating));

        var ai = Step("personalizeOffer");
        Assert.Equal((1, 2, 80L), (ai.AiGenerated, ai.AiFallback, ai.AiTokens));

        var offer = Step("offerEmail");
        Assert.Equal((3, 3, 3, 1, 1, 0), (offer.Entered, offer.Sent, offer.Delivered, offer.Opened, offer.Clicked, offer.BotClicks));
        Assert.Equal(2, offer.Conversions);                                           // R5 (click) and R6 (open)
        Assert.Equal(new Dictionary<string, long> { ["EUR"] = 7800 }, offer.Revenue);  // 49.00 + 29.00

        var reminder = Step("offerReminder");
        Assert.Equal((2, 2, 2, 0), (reminder.Entered, reminder.Sent, reminder.SmsSegments, reminder.Conversions)); // Bob (an open is no click) and Cy
        Assert.Empty(report.Splits);
        Assert.Equal(TimeSpan.FromDays(7), report.Windows.AfterClick);
    }
}
