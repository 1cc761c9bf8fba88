using System.Text.RegularExpressions;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.Messaging.Tracking;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Messaging.Tests;

/// <summary>Link rewriting and the send facts, through the gateway to the real SMTP server and the Twilio stand-in.</summary>
public sealed class TrackingTests
{
    private const string Product = "https://shop.example.com/p/preset-pack?utm_source=journey";

    private static Flow SmsFlow(bool? trackLinks = null)
    {
        var inputs = new List<(string, System.Text.Json.Nodes.JsonNode?)> { ("body", Flow.Literal($"Your code SAVE10: {Product}. Reply STOP to opt out.")) };
        if (trackLinks is { } track) inputs.Add(("trackLinks", Flow.Literal(track ? "true" : "false")));
        return new Flow("sms-link").Add("sms", "PostPurchase.SendSms", inputs.ToArray());
    }

    [Fact]
    public async Task Sms_links_become_short_tracked_redirects_to_the_stored_url_and_the_send_is_recorded()
    {
        await using var host = await MessagingHost.StartAsync();
        var instance = await host.StartAsync(await host.ImportAsync(SmsFlow()), Purchases.Input(Purchases.Ada()));

        var body = Assert.Single(host.Twilio.Requests).Form["Body"];
        var id = Regex.Match(body, @"^Your code SAVE10: https://shop\.example\.com/c/([\w-]{16})\. Reply STOP to opt out\.$").Groups[1].Value;
        Assert.NotEmpty(id);
        var link = await host.Get<ITrackedLinkStore>().FindAsync(id);
        Assert.Equal((Product, instance.Id, "sms", instance.DefinitionId), (link!.Url, link.InstanceId, link.ActivityId, link.DefinitionId));

        var facts = await host.Get<IJourneyEventStore>().ListAsync(instance.DefinitionId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal([JourneyEventKinds.Started, JourneyEventKinds.Entered, JourneyEventKinds.Sent, JourneyEventKinds.SmsSegments], facts.Select(e => e.Kind));
        Assert.Equal(1, facts.Last().Value);
    }

    [Fact]
    public async Task A_delivery_report_is_recorded_and_resumes_a_step_waiting_for_it()
    {
        await using var host = await MessagingHost.StartAsync();
        var definition = await host.ImportAsync(SmsFlow()
            .Add("wait", "Elsa.Event", ("eventName", Flow.Literal("message-delivered:sms")), ("timeout", Flow.Literal("1.00:00:00")))
            .Connect("sms", "wait", "Sent"));
        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));
        Assert.Equal(Workflows.Model.WorkflowSubStatus.Suspended, (await host.GetAsync(instance.Id)).SubStatus);
        var sid = Assert.Single(host.Twilio.Requests).Sid;
        var form = TwilioForms.Status("delivered", sid);
        const string url = MessagingHost.PublicBaseUrl + "/webhooks/twilio/status";

        await host.Get<TwilioWebhookHandler>().HandleStatusAsync(url, form, TestSupport.Twilio.TwilioSigner.Compute(TestSupport.Twilio.TwilioStandIn.AuthToken, url, form), default);
        await host.Worker.DrainAsync();

        var done = await host.GetAsync(instance.Id);
        Assert.Equal(Workflows.Model.WorkflowSubStatus.Finished, done.SubStatus);
        Assert.Equal("Done", await host.OutcomeAsync(instance.Id, "wait"));
        var facts = await host.Get<IJourneyEventStore>().ListAsync(instance.DefinitionId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(("sms", $"{instance.Id}:sms:1"), (Assert.Single(facts, e => e.Kind == JourneyEventKinds.Delivered).ActivityId, facts.Single(e => e.Kind == JourneyEventKinds.Delivered).MessageKey));
    }

    [Fact]
    public async Task With_tracking_switched_off_the_link_goes_out_as_written()
    {
        await using var host = await MessagingHost.StartAsync();
        await host.StartAsync(await host.ImportAsync(SmsFlow(trackLinks: false)), Purchases.Input(Purchases.Ada()));
        Assert.Equal($"Your code SAVE10: {Product}. Reply STOP to opt out.", Assert.Single(host.Twilio.Requests).Form["Body"]);
    }

    [Fact]
    public async Task Email_markdown_links_are_rewritten_in_both_parts_with_an_open_pixel_in_the_html()
    {
        await using var host = await MessagingHost.StartAsync();
        await host.StartAsync(await host.ImportAsync(new Flow("mail-link").Add("mail", "PostPurchase.SendEmail",
            ("subject", Flow.Literal("New")), ("body", Flow.Literal($"[See the pack]({Product}) or visit https://shop.example.com/.")))), Purchases.Input(Purchases.Ada()));

        var mail = Assert.Single(await host.Smtp.WaitForAsync(1)).Parse();
        var text = mail.Part("text/plain")!.Text;
        var html = mail.Part("text/html")!.Text;
        Assert.DoesNotContain("/p/preset-pack", text + html);
        Assert.Matches(@"See the pack \(https://shop\.example\.com/c/[\w-]{16}\) or visit https://shop\.example\.com/c/[\w-]{16}\.", text);
        Assert.Matches("<a href=\"https://shop\\.example\\.com/c/[\\w-]{16}\">See the pack</a>", html);
        Assert.Matches("<img src=\"https://shop\\.example\\.com/o/[^\"]+\\.gif\" width=\"1\" height=\"1\"", html);
    }

    [Fact]
    public void The_same_message_and_url_always_get_the_same_link_and_other_messages_another()
    {
        var rewriter = new LinkRewriter(Tokens.SigningKey.FromSecret("a-test-secret-of-enough-length-123"), new MessagingSettings { PublicBaseUrl = "https://shop.example.com" });
        Gateway.OutgoingMessage Message(string key) => new() { Channel = Gateway.Channel.Sms, Category = Gateway.MessageCategory.Marketing, IdempotencyKey = key, Body = $"Go: {Product}", TrackLinks = true };

        var first = rewriter.Rewrite(Message("i1:sms:1"), DateTimeOffset.UnixEpoch);
        Assert.Equal(first.Body, rewriter.Rewrite(Message("i1:sms:1"), DateTimeOffset.UnixEpoch).Body);
        Assert.NotEqual(first.Body, rewriter.Rewrite(Message("i2:sms:1"), DateTimeOffset.UnixEpoch).Body);
        Assert.Equal(first.Body, rewriter.Rewrite(Message("i1:sms:1") with { Body = first.Body }, DateTimeOffset.UnixEpoch).Body); // already tracked: left alone
    }

    [Theory]
    [InlineData("Hello", 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm_text_is_160_characters_or_153_per_segment(object text, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(text is int n ? new string('a', n) : (string)text));

    [Fact]
    public void Unicode_text_is_70_units_or_67_per_segment_and_extension_characters_count_twice()
    {
        Assert.Equal(1, SmsSegments.Count(new string('ü', 160))); // ü is in the GSM alphabet
        Assert.Equal(1, SmsSegments.Count("Danke 🙂"));
        Assert.Equal(2, SmsSegments.Count(new string('é', 100) + "✓"));
        Assert.Equal(2, SmsSegments.Count(new string('€', 81))); // 162 septets
    }

    [Theory]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148", UserAgentClass.Mobile)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36", UserAgentClass.Desktop)]
    [InlineData("Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)", UserAgentClass.EmailClient)]
    [InlineData("Mozilla/5.0 (compatible; Barracuda Link Scanner)", UserAgentClass.Bot)]
    [InlineData("python-requests/2.32", UserAgentClass.Bot)]
    [InlineData("", UserAgentClass.Unknown)]
    public void User_agents_are_classed(string userAgent, string expected) => Assert.Equal(expected, UserAgentClass.Of(userAgent));
}
