using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime.Stores;
using static PostPurchase.Server.Tests.Infrastructure.JourneyTestHost;

namespace PostPurchase.Server.Tests.Engagement;

/// <summary>
/// Click and open tracking in the shipped journey: the loyalty offer's tracked link redirects, records the click and
/// resumes the "clicked within a day" wait; without a click the SMS reminder goes out the next day.
/// </summary>
public sealed class TrackingJourneyTests : IAsyncLifetime
{
    private const string Browser = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    private const string LinkScanner = "Mozilla/5.0 (compatible; Barracuda Link Scanner)";
    private const string CrossSellUrl = "https://shop.example.com/preset-pack";
    private JourneyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await JourneyTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> RunToTheOfferAsync(string orderId, string email, string phone)
    {
        await _host.SendAsync(Purchase(orderId, email, phone));
        foreach (var day in new[] { 2, 7, 14, 21 }) await _host.AdvanceToDayAsync(day);
        var offer = _host.MailsTo(email).Last();
        Assert.Equal("A thank-you gift for you: SAVE10", Subject(offer));
        return Text(offer);
    }

    private static string TrackedLink(string text) => Regex.Match(text, BaseUrl + @"/c/[\w-]+").Value;

    private async Task<WorkflowInstance> JourneyAsync(string orderId)
    {
        var page = await _host.Services.GetRequiredService<IWorkflowInstanceStore>().ListAsync(new InstanceQuery { CorrelationId = orderId });
        return Assert.Single(page.Items);
    }

    [Fact]
    public async Task A_click_on_the_offer_redirects_is_recorded_and_ends_the_wait_so_no_reminder_is_sent()
    {
        var offer = await RunToTheOfferAsync("ORD-C1", "ada@example.com", "+15005550031");
        Assert.DoesNotContain(CrossSellUrl, offer); // only the tracked redirect is in the mail
        var smsBefore = _host.Twilio.Requests.Count;

        Assert.Equal(CrossSellUrl, await _host.FollowTrackedLinkAsync(TrackedLink(offer), Browser));

        var journey = await JourneyAsync("ORD-C1");
        Assert.Equal(WorkflowSubStatus.Finished, journey.SubStatus);
        await _host.AdvanceToDayAsync(23);
        Assert.Equal(smsBefore, _host.Twilio.Requests.Count);
        var clicks = (await _host.Services.GetRequiredService<IJourneyEventStore>().ListAsync("post-purchase", Day0, Day0.AddDays(30)))
            .Where(e => e.Kind == JourneyEventKinds.Clicked).ToList();
        var click = Assert.Single(clicks);
        Assert.Equal(("offerEmail", journey.Id, CrossSellUrl, "desktop"), (click.ActivityId, click.InstanceId, click.Detail, click.AgentClass));
    }

    [Fact]
    public async Task Without_a_click_within_a_day_the_reminder_sms_goes_out_with_a_tracked_link()
    {
        await RunToTheOfferAsync("ORD-C2", "bea@example.com", "+15005550032");
        var smsBefore = _host.Twilio.Requests.Count;

        await _host.AdvanceToDayAsync(21.9);
        Assert.Equal(smsBefore, _host.Twilio.Requests.Count);
        await _host.AdvanceToDayAsync(22);

        var reminder = _host.Twilio.Requests.Last();
        Assert.Equal(smsBefore + 1, _host.Twilio.Requests.Count);
        Assert.Equal("+15005550032", reminder.Form["To"]);
        Assert.Contains("SAVE10", reminder.Form["Body"]);
        Assert.Equal(CrossSellUrl, await _host.FollowTrackedLinkAsync(TrackedLink(reminder.Form["Body"]), Browser));
        Assert.Equal(WorkflowSubStatus.Finished, (await JourneyAsync("ORD-C2")).SubStatus);
    }

    [Fact]
    public async Task A_link_scanner_click_is_recorded_as_bot_and_resumes_nothing_and_a_tampered_link_is_404()
    {
        var offer = await RunToTheOfferAsync("ORD-C3", "cyd@example.com", "+15005550033");
        var link = TrackedLink(offer);

        Assert.Equal(CrossSellUrl, await _host.FollowTrackedLinkAsync(link, LinkScanner));
        Assert.Equal(WorkflowSubStatus.Suspended, (await JourneyAsync("ORD-C3")).SubStatus);
        foreach (var tampered in new[] { link[..^2] + (link.EndsWith("AA") ? "BB" : "AA"), BaseUrl + "/c/https%3A%2F%2Fevil.example", BaseUrl + "/c/" })
        {
            var response = await _host.Client.GetAsync(tampered);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{tampered}: {(int)response.StatusCode}");
            Assert.Null(response.Headers.Location);
        }

        await _host.AdvanceToDayAsync(22);
        Assert.Contains(_host.Twilio.Requests, r => r.Form["To"] == "+15005550033" && r.Form["Body"].Contains("SAVE10"));
        var facts = await _host.Services.GetRequiredService<IJourneyEventStore>().ListAsync("post-purchase", Day0, Day0.AddDays(30));
        Assert.Equal("bot", Assert.Single(facts, e => e.Kind == JourneyEventKinds.Clicked).AgentClass);
    }

    [Fact]
    public async Task The_open_pixel_records_an_open_and_a_forged_pixel_is_404()
    {
        await RunToTheOfferAsync("ORD-C4", "dee@example.com", "+15005550034");
        var html = _host.MailsTo("dee@example.com").Last().Part("text/html")!.Text;
        var pixel = WebUtility.HtmlDecode(Regex.Match(html, "<img src=\"([^\"]+/o/[^\"]+\\.gif)\"").Groups[1].Value);
        Assert.StartsWith(BaseUrl + "/o/", pixel);

        var response = await _host.Client.GetAsync(pixel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString((await response.Content.ReadAsByteArrayAsync())[..6]));
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.GetAsync(pixel.Replace(".gif", "x.gif"))).StatusCode);

        var facts = await _host.Services.GetRequiredService<IJourneyEventStore>().ListAsync("post-purchase", Day0, Day0.AddDays(30));
        var open = Assert.Single(facts, e => e.Kind == JourneyEventKinds.Opened);
        Assert.Equal("offerEmail", open.ActivityId);
    }
}
