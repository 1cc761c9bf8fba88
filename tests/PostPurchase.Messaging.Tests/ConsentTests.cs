using PostPurchase.Workflows.Reporting;
using System.Text.RegularExpressions;
using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.TestSupport.Twilio;

namespace PostPurchase.Messaging.Tests;

public sealed class ConsentTests
{
    private const string InboundUrl = "https://shop.example.com/webhooks/twilio/inbound";

    private static Flow SmsFlow() => new Flow("sms")
        .Add("sms", "PostPurchase.SendSms", ("body", Flow.Literal("News!")), ("category", Flow.Literal("marketing")));

    /// <summary>The vendor's inbound-SMS body with our own sender and keyword, signed with the stand-in's token.</summary>
    private static (List<KeyValuePair<string, string>> Form, string Signature) Inbound(string from, string body, bool withOptOutType = false)
    {
        var form = TwilioForms.Inbound(body, from, optOutType: withOptOutType ? body.Trim().ToUpperInvariant() : null);
        return (form, TwilioSigner.Compute(TwilioStandIn.AuthToken, InboundUrl, form));
    }

    [Fact]
    public async Task Stop_suppresses_sms_at_once_and_start_allows_it_again()
    {
        await using var host = await MessagingHost.StartAsync(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero),
            settings: s => s with { MarketingCapCount = 0 });
        var handler = host.Get<TwilioWebhookHandler>();
        var definition = await host.ImportAsync(SmsFlow());
        var input = Purchases.Input(Purchases.Ada());

        var (stop, stopSignature) = Inbound("+4915112345678", " stop ");
        Assert.Equal(WebhookOutcome.Handled, await handler.HandleInboundAsync(InboundUrl, stop, stopSignature, default));
        var afterStop = await host.StartAsync(definition, input);

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var (start, startSignature) = Inbound("+4915112345678", "START");
        Assert.Equal(WebhookOutcome.Handled, await handler.HandleInboundAsync(InboundUrl, start, startSignature, default));
        var afterStart = await host.StartAsync(definition, input);

        Assert.Equal("Suppressed", await host.OutcomeAsync(afterStop.Id, "sms"));
        Assert.Equal("Sent", await host.OutcomeAsync(afterStart.Id, "sms"));
        Assert.Single(host.Twilio.Requests);
        var history = await host.Consent.HistoryAsync(Channel.Sms, "+4915112345678");
        Assert.Equal([(ConsentStatus.OptedOut, "sms:STOP"), (ConsentStatus.OptedIn, "sms:START")], history.Select(c => (c.Status, c.Source)));
        Assert.Equal(host.Clock.GetUtcNow(), history[1].At);
    }

    [Theory]
    [InlineData("STOPALL")]
    [InlineData("unsubscribe")]
    [InlineData("Cancel")]
    [InlineData("END")]
    [InlineData("QUIT")]
    [InlineData("REVOKE")]
    [InlineData("opt out")]
    public async Task Every_opt_out_keyword_suppresses(string keyword)
    {
        await using var host = await MessagingHost.StartAsync();
        var (form, signature) = Inbound("+14155550100", keyword);

        Assert.Equal(WebhookOutcome.Handled, await host.Get<TwilioWebhookHandler>().HandleInboundAsync(InboundUrl, form, signature, default));
        Assert.Equal(ConsentStatus.OptedOut, (await host.Consent.GetCurrentAsync(Channel.Sms, "+14155550100"))!.Status);
    }

    [Fact]
    public async Task A_stop_with_twilios_opt_out_type_signed_with_the_configured_token_opts_the_sender_out()
    {
        const string token = "0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d";
        const string url = "https://example.com/twilio/sms";
        await using var host = await MessagingHost.StartAsync(configure: s =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(s, new TwilioSettings { AccountSid = TwilioForms.AccountSid, AuthToken = token, From = TwilioForms.ShopNumber }));
        var form = TwilioForms.Inbound("STOP", optOutType: "STOP");
        // Signed the way Twilio documents it, computed here rather than by the code under test.
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(System.Text.Encoding.UTF8.GetBytes(token),
            System.Text.Encoding.UTF8.GetBytes(url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value)))));

        var outcome = await host.Get<TwilioWebhookHandler>().HandleInboundAsync(url, form, signature, default);

        Assert.Equal(WebhookOutcome.Handled, outcome);
        Assert.Equal(ConsentStatus.OptedOut, (await host.Consent.GetCurrentAsync(Channel.Sms, TwilioForms.Customer))!.Status);
    }

    [Fact]
    public async Task A_badly_signed_or_ordinary_inbound_message_changes_nothing()
    {
        await using var host = await MessagingHost.StartAsync();
        var handler = host.Get<TwilioWebhookHandler>();
        var (stop, _) = Inbound("+14155550100", "STOP");
        var (chat, chatSignature) = Inbound("+14155550100", "Ahoy");

        Assert.Equal(WebhookOutcome.BadSignature, await handler.HandleInboundAsync(InboundUrl, stop, "bm90IGEgc2lnbmF0dXJl", default));
        Assert.Equal(WebhookOutcome.BadSignature, await handler.HandleInboundAsync(InboundUrl, stop, null, default));
        Assert.Equal(WebhookOutcome.Ignored, await handler.HandleInboundAsync(InboundUrl, chat, chatSignature, default));
        Assert.Null(await host.Consent.GetCurrentAsync(Channel.Sms, "+14155550100"));
    }

    [Fact]
    public async Task Status_callbacks_update_the_send_record()
    {
        await using var host = await MessagingHost.StartAsync();
        var instance = await host.StartAsync(await host.ImportAsync(SmsFlow()), Purchases.Input(Purchases.Ada()));
        var sid = Assert.Single(host.Twilio.Requests).Sid;
        var form = TwilioForms.Status("undelivered", sid, errorCode: "30003");
        const string url = "https://shop.example.com/webhooks/twilio/status";

        var outcome = await host.Get<TwilioWebhookHandler>().HandleStatusAsync(url, form, TwilioSigner.Compute(TwilioStandIn.AuthToken, url, form), default);

        Assert.Equal(WebhookOutcome.Handled, outcome);
        var record = await host.SendRecords.FindAsync($"{instance.Id}:sms:1");
        Assert.Equal("undelivered", record!.DeliveryStatus);
        Assert.Equal("30003", record.DeliveryErrorCode);
        var facts = await host.Get<IJourneyEventStore>().ListAsync(instance.DefinitionId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var undelivered = Assert.Single(facts, e => e.Kind == JourneyEventKinds.Undelivered);
        Assert.Equal(("sms", instance.Id, $"{instance.Id}:sms:1", "30003"), (undelivered.ActivityId, undelivered.InstanceId, undelivered.MessageKey, undelivered.Detail));
    }

    [Fact]
    public async Task One_click_unsubscribe_from_the_received_link_stops_marketing_but_not_transactional_mail()
    {
        await using var host = await MessagingHost.StartAsync(settings: s => s with { MarketingCapCount = 0 });
        var marketing = await host.ImportAsync(new Flow("promo")
            .Add("mail", "PostPurchase.SendEmail", ("subject", Flow.Literal("Sale")), ("body", Flow.Literal("50% off")), ("category", Flow.Literal("marketing"))));
        var receipt = await host.ImportAsync(new Flow("receipt")
            .Add("mail", "PostPurchase.SendEmail", ("subject", Flow.Literal("Receipt")), ("body", Flow.Literal("Thanks")), ("category", Flow.Literal("transactional"))));
        var input = Purchases.Input(Purchases.Ada(email: "Ada@Example.com"));

        await host.StartAsync(marketing, input);
        var header = Assert.Single(await host.Smtp.WaitForAsync(1)).Parse().Header("List-Unsubscribe")!;
        var token = Regex.Match(header, "/unsubscribe/([^>]+)>").Groups[1].Value;
        var unsubscribe = host.Get<UnsubscribeService>();

        var tampered = await unsubscribe.UnsubscribeAsync(token[..^2] + (token[^2] == 'A' ? "BB" : "AA"), "one-click", host.Clock.GetUtcNow(), default);
        Assert.False(tampered.Ok);
        Assert.Null(await host.Consent.GetCurrentAsync(Channel.Email, "ada@example.com"));

        var result = await unsubscribe.UnsubscribeAsync(token, "one-click", host.Clock.GetUtcNow(), default);
        Assert.True(result.Ok);
        Assert.Equal("ada@example.com", result.Address);

        var blocked = await host.StartAsync(marketing, input);
        var allowed = await host.StartAsync(receipt, input);
        Assert.Equal("Suppressed", await host.OutcomeAsync(blocked.Id, "mail"));
        Assert.Contains(await host.NotesAsync(blocked.Id), n => n.Contains("unsubscribed (one-click"));
        Assert.Equal("Sent", await host.OutcomeAsync(allowed.Id, "mail"));
        Assert.Equal(["Sale", "Receipt"], (await host.Smtp.WaitForAsync(2)).Select(m => m.Parse().Header("Subject")));
    }

    [Fact]
    public async Task With_opt_in_required_marketing_email_needs_recorded_or_purchase_consent()
    {
        await using var host = await MessagingHost.StartAsync(settings: s => s with { EmailMarketingRequiresConsent = true, MarketingCapCount = 0 });
        var definition = await host.ImportAsync(new Flow("promo")
            .Add("mail", "PostPurchase.SendEmail", ("subject", Flow.Literal("Sale")), ("body", Flow.Literal("50% off")), ("category", Flow.Literal("marketing"))));
        var ada = Purchases.Ada();

        var silent = await host.StartAsync(definition, Purchases.Input(ada));
        var consented = await host.StartAsync(definition, Purchases.Input(ada with { Customer = ada.Customer with { MarketingConsent = true } }));

        Assert.Equal("Suppressed", await host.OutcomeAsync(silent.Id, "mail"));
        Assert.Contains(await host.NotesAsync(silent.Id), n => n.Contains("EmailMarketingRequiresConsent"));
        Assert.Equal("Sent", await host.OutcomeAsync(consented.Id, "mail"));
    }
}
