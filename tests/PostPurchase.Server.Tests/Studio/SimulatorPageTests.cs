using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Server.Auth;
using PostPurchase.Server.Tests.ElsaApi;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.TestSupport.Smtp;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime;

namespace PostPurchase.Server.Tests.Studio;

/// <summary>
/// The simulator page over HTTP on the real server: the shipped journey simulated on the sample purchase (timeline by
/// day, sandboxed email frames, SMS segments, refunds), masked recent purchases, and "send me a test" through the real
/// SMTP conversation with its allow-list, hourly limit, roles and audit entry.
/// </summary>
public sealed partial class SimulatorPageTests : IAsyncLifetime
{
    private const string Me = "me@shop.test";
    private const string AllowedPhone = "+447700900123";
    private const string ViewerPassword = "viewer-password-123";

    private readonly LoopbackSmtpServer _smtp = new();
    private StudioTestHost _host = null!;
    private string _samplePurchase = null!;

    public async Task InitializeAsync()
    {
        _host = new StudioTestHost(settings: new Dictionary<string, string?>
        {
            ["Smtp:Host"] = _smtp.Host, ["Smtp:Port"] = _smtp.Port.ToString(), ["Email:From"] = "Shop <shop@shop.test>",
            ["Offers:DiscountCode"] = "SAVE10", ["Store:Name"] = "Test Shop",
            ["Email:LayoutPath"] = Path.Combine(HeadlessChromium.RepositoryRoot(), "workflows", "email-layout.liquid"),
            ["Auth:AdminEmail"] = Me,
            ["Studio:TestRecipients"] = $"marketing@shop.test, {AllowedPhone}",
            ["Auth:Users:0:Name"] = "vera", ["Auth:Users:0:Role"] = "viewer", ["Auth:Users:0:PasswordHash"] = StudioUsers.Hash(ViewerPassword),
        });
        var root = HeadlessChromium.RepositoryRoot();
        var shipped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "workflows", "post-purchase.json")))!.AsObject();
        await _host.Services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(shipped, "workflows/post-purchase.json");
        _samplePurchase = await File.ReadAllTextAsync(Path.Combine(root, "samples", "purchase.json"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task The_shipped_journey_on_the_sample_purchase_shows_every_day_step_and_message()
    {
        var client = await SignedInAsync();
        var page = await client.GetStringAsync("/studio/simulator?definitionId=post-purchase");
        Assert.Contains("<option value=\"file:purchase.json\" selected>samples/purchase.json</option>", page);
        Assert.Contains("Published (v2)", page);
        Assert.Contains("ada@example.com", page); // the sample's payload, ready to edit
        Assert.Contains("id=\"pp-nav-simulator\" aria-current=\"page\"", page);
        Assert.Contains("id=\"pp-nav-reports\"", page);

        var response = await client.PostAsync("/studio/simulator", RunForm(_samplePurchase));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self';", policy); // our one script file; nothing inline
        Assert.Equal("DENY", string.Join("", response.Headers.GetValues("X-Frame-Options")));

        // Days 0, 2, 7 and 21 with their steps; the offer email on day 21 rendered in a sandboxed frame.
        foreach (var day in new[] { 0, 2, 7, 21 }) Assert.Contains($"data-day=\"{day}\"", html);
        var offer = Item(html, "offerEmail", "message");
        Assert.Contains("Day 21", Section(html, 21));
        Assert.Contains("<iframe class=\"email\" sandbox=\"\"", offer);
        Assert.Contains("SAVE10", offer); // the discount code, inside the encoded srcdoc and the text part
        Assert.Contains("Text part", offer);
        Assert.DoesNotContain("<script", offer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;html", offer); // the email's HTML is data in srcdoc, encoded
        Assert.Contains("role=&quot;presentation&quot;", offer); // through the shop's layout (workflows/email-layout.liquid)
        var confirmation = Item(html, "confirmation", "message");
        Assert.Contains("Carbon Travel Tripod", confirmation);

        // The guard (repeat buyer?) and the SMS review request with its segment count.
        Assert.Contains("data-activity=\"isRepeatBuyer\"", html);
        var sms = Item(html, "review", "message");
        Assert.Matches(@"\d+ segments? \((GSM-7|UCS-2), \d+ characters\)", sms);
        Assert.Contains("Journey ends:", html);

        // A refund on day 0 stops everything after the confirmation; later refunds stop less.
        Assert.Matches("data-refund-day=\"0\"><td>0</td><td>\\d+ messages: Onboarding tips", html);
        Assert.Contains("Loyalty offer (email, day 21", RefundRow(html, 7));
    }

    [Fact]
    public async Task Recent_purchases_are_offered_masked()
    {
        var purchase = new JsonObject
        {
            ["provider"] = "generic", ["orderId"] = "R-77", ["purchasedAt"] = "2026-11-01T10:00:00Z",
            ["customer"] = new JsonObject { ["email"] = "grace@hopper.test", ["name"] = "Grace Brewster Hopper", ["phone"] = "+14155550142", ["smsConsent"] = true },
            ["items"] = new JsonArray(new JsonObject { ["name"] = "Photography Masterclass", ["sku"] = "PHOTO-101", ["unitPriceMinor"] = 8900 }),
            ["totalMinor"] = 8900, ["currency"] = "GBP",
        };
        await _host.Services.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest
        {
            DefinitionId = "post-purchase", CorrelationId = "R-77", Input = new JsonObject { ["purchase"] = purchase },
        });

        var samples = await Json.ReadAsync(await _host.ApiClient().GetAsync("/api/simulations/samples?definitionId=post-purchase"));
        var text = samples.ToJsonString();
        Assert.DoesNotContain("grace@hopper.test", text);
        Assert.DoesNotContain("Brewster", text);
        Assert.DoesNotContain("4155550142", text);
        var recent = Assert.Single(samples.AsArray(), s => ((string)s!["key"]!).StartsWith("recent:", StringComparison.Ordinal))!;
        Assert.Equal("purchase", (string)recent["provider"]!);
        Assert.Equal("g***@hopper.test", (string)recent["payload"]!["customer"]!["email"]!);
        Assert.Equal("Grace", (string)recent["payload"]!["customer"]!["name"]!);
        Assert.EndsWith("42", (string)recent["payload"]!["customer"]!["phone"]!);
        Assert.Contains(samples.AsArray(), s => (string)s!["key"]! == "file:purchase.json");
        Assert.DoesNotContain(samples.AsArray(), s => ((string)s!["key"]!).Contains("post-purchase-v3", StringComparison.Ordinal)); // a journey, not a purchase

        // The masked purchase simulates as it is (provider "purchase").
        var client = await SignedInAsync();
        var page = await client.GetStringAsync($"/studio/simulator?definitionId=post-purchase&sample={Uri.EscapeDataString((string)recent["key"]!)}");
        Assert.Contains("g***@hopper.test", page);
        Assert.DoesNotContain("grace@hopper.test", page);
        var run = await client.PostAsync("/studio/simulator", RunForm(recent["payload"]!.ToJsonString(), "purchase"));
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Contains("data-day=\"21\"", await run.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Send_me_a_test_goes_once_through_smtp_leaves_reports_alone_and_is_limited()
    {
        var client = await SignedInAsync();
        var api = _host.ApiClient();
        var before = (await Json.ReadAsync(await api.GetAsync("/api/reports/journeys/post-purchase?from=2026-01-01&to=2027-12-31"))).ToJsonString();
        var html = await (await client.PostAsync("/studio/simulator", RunForm(_samplePurchase))).Content.ReadAsStringAsync();
        var offerIndex = MessageIndex(html, "offerEmail");
        var smsIndex = MessageIndex(html, "review");

        var sent = await client.PostAsync("/studio/simulator/test-send", TestForm(offerIndex, Me));
        var sentPage = await sent.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("id=\"test-sent\"", sentPage);
        var mail = Assert.Single(_smtp.Received);
        Assert.Equal([Me], mail.Recipients);
        var message = mail.Parse();
        Assert.StartsWith("[TEST] ", message.Header("Subject"));
        Assert.Contains("SAVE10", message.Part("text/plain")!.Text);
        Assert.DoesNotContain("/c/", message.Part("text/html")!.Text); // links as written: nothing tracked
        Assert.Contains("role=\"presentation\"", message.Part("text/html")!.Text); // the real mail path, layout included

        var after = (await Json.ReadAsync(await api.GetAsync("/api/reports/journeys/post-purchase?from=2026-01-01&to=2027-12-31"))).ToJsonString();
        Assert.Equal(before, after);

        // Off the allow-list: refused, nothing sent.
        var refused = await client.PostAsync("/studio/simulator/test-send", TestForm(offerIndex, "someone@elsewhere.test"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("allow-list", await refused.Content.ReadAsStringAsync());
        // An email to a phone number is refused too.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/studio/simulator/test-send", TestForm(offerIndex, AllowedPhone))).StatusCode);
        Assert.Single(_smtp.Received);

        // Nine more (an SMS to the allow-listed number among them) make ten; the eleventh in the hour is refused.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/studio/simulator/test-send", TestForm(smsIndex, AllowedPhone))).StatusCode);
        for (var i = 0; i < 8; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/studio/simulator/test-send", TestForm(offerIndex, "marketing@shop.test"))).StatusCode);
        var eleventh = await client.PostAsync("/studio/simulator/test-send", TestForm(offerIndex, Me));
        Assert.Equal((HttpStatusCode)429, eleventh.StatusCode);
        var refusedPage = await eleventh.Content.ReadAsStringAsync();
        Assert.Contains("At most 10 test sends an hour", refusedPage);
        Assert.Contains("data-day=\"21\"", refusedPage); // the timeline stays on the page
        Assert.True(eleventh.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");
        Assert.Equal(9, _smtp.Received.Count);
        Assert.All(_smtp.Received, m => Assert.StartsWith("[TEST] ", m.Parse().Header("Subject")));

        var audit = await Json.ReadAsync(await api.GetAsync("/api/audit"));
        var tests = audit["items"]!.AsArray().Where(e => (string)e!["action"]! == "simulation.test-send").ToList();
        Assert.Equal(10, tests.Count);
        Assert.All(tests, e => Assert.Equal("admin", (string)e!["actor"]!));
        Assert.Contains(tests, e => ((string)e!["detail"]!).Contains("m***@shop.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_viewer_sees_the_page_but_may_not_run_or_send()
    {
        var viewer = _host.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await _host.SignInAsync(viewer, "vera", ViewerPassword)).StatusCode);
        var page = await viewer.GetStringAsync("/studio/simulator");
        Assert.Contains("id=\"run-simulation\" disabled", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/studio/simulator", RunForm(_samplePurchase))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/studio/simulator/test-send", TestForm(0, Me))).StatusCode);
        Assert.Empty(_smtp.Received);
    }

    [Fact]
    public async Task Bad_json_is_a_readable_error()
    {
        var client = await SignedInAsync();
        var response = await client.PostAsync("/studio/simulator", RunForm("{ not json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpClient> SignedInAsync()
    {
        var client = _host.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await _host.SignInAsync(client)).StatusCode);
        return client;
    }

    private FormUrlEncodedContent RunForm(string payload, string provider = "generic") => new(new Dictionary<string, string>
    {
        ["definitionId"] = "post-purchase", ["version"] = "", ["provider"] = provider, ["payload"] = payload, ["days"] = "60",
    });

    private FormUrlEncodedContent TestForm(int message, string to) => new(new Dictionary<string, string>
    {
        ["definitionId"] = "post-purchase", ["version"] = "", ["provider"] = "generic", ["payload"] = _samplePurchase, ["days"] = "60",
        ["message"] = message.ToString(), ["to"] = to,
    });

    private static string Item(string html, string activityId, string kind)
    {
        var match = Regex.Match(html, $"<li class=\"step {kind}[^\"]*\" data-activity=\"{activityId}\".*?</li>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {kind} item for {activityId}");
        return match.Value;
    }

    private static int MessageIndex(string html, string activityId) =>
        int.Parse(Regex.Match(html, $"data-activity=\"{activityId}\" data-message=\"(\\d+)\"").Groups[1].Value);

    private static string Section(string html, int day) =>
        Regex.Match(html, $"<section class=\"day\" data-day=\"{day}\">.*?</section>", RegexOptions.Singleline).Value;

    private static string RefundRow(string html, int day) =>
        Regex.Match(html, $"<tr data-refund-day=\"{day}\">.*?</tr>", RegexOptions.Singleline).Value;
}
