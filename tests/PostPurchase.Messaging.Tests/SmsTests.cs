using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.TestSupport.Twilio;

namespace PostPurchase.Messaging.Tests;

public sealed class SmsTests
{
    private static Flow SmsFlow(string category = "transactional") => new Flow("sms-" + category)
        .Add("sms", "PostPurchase.SendSms",
            ("body", Flow.Template("Hi {{ Purchase.Customer.FirstName }}, your order {{ Purchase.OrderId }} is on its way.")),
            ("category", Flow.Literal(category)));

    [Fact]
    public async Task Sends_through_the_twilio_api_with_basic_auth_and_the_documented_form_fields()
    {
        await using var host = await MessagingHost.StartAsync();
        var purchase = Purchases.Ada();
        var instance = await host.StartAsync(await host.ImportAsync(SmsFlow()), Purchases.Input(purchase));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "sms"));
        var request = Assert.Single(host.Twilio.Requests);
        Assert.Equal(TwilioStandIn.AccountSid, request.AccountSid);
        Assert.Equal("+4915112345678", request.Form["To"]);
        Assert.Equal(MessagingHost.TwilioFrom, request.Form["From"]);
        Assert.Equal($"Hi Ada, your order {purchase.OrderId} is on its way.", request.Form["Body"]);
        Assert.Equal("https://shop.example.com/webhooks/twilio/status", request.Form["StatusCallback"]);
        var record = await host.SendRecords.FindAsync($"{instance.Id}:sms:1");
        Assert.Equal(request.Sid, record!.ProviderMessageId);
    }

    [Theory]
    [InlineData(21610, ConsentStatus.OptedOut)]
    [InlineData(21211, ConsentStatus.Bounced)]
    public async Task Twilio_refusals_become_the_suppressed_outcome_and_a_suppression_entry(int code, ConsentStatus expected)
    {
        await using var host = await MessagingHost.StartAsync();
        host.Twilio.ErrorsByRecipient["+4915112345678"] = code;
        var definition = await host.ImportAsync(SmsFlow());

        var first = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));

        Assert.Equal("Suppressed", await host.OutcomeAsync(first.Id, "sms"));
        var state = await host.Consent.GetCurrentAsync(Channel.Sms, "+4915112345678");
        Assert.Equal(expected, state!.Status);
        Assert.Equal($"twilio:{code}", state.Source);
        Assert.Contains(await host.NotesAsync(first.Id), n => n.Contains(code.ToString()));

        // The next message is stopped by our own suppression list before Twilio is asked.
        host.Twilio.ErrorsByRecipient.Clear();
        var second = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));
        Assert.Equal("Suppressed", await host.OutcomeAsync(second.Id, "sms"));
        Assert.Empty(host.Twilio.Requests);
    }

    [Fact]
    public async Task Only_e164_numbers_with_recorded_opt_in_get_sms()
    {
        await using var host = await MessagingHost.StartAsync();
        var definition = await host.ImportAsync(SmsFlow());

        var noConsent = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(smsConsent: false)));
        var notE164 = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(phone: "0151 12345678")));

        Assert.Equal("Suppressed", await host.OutcomeAsync(noConsent.Id, "sms"));
        Assert.Equal("Suppressed", await host.OutcomeAsync(notE164.Id, "sms"));
        Assert.Contains(await host.NotesAsync(noConsent.Id), n => n.Contains("no recorded SMS opt-in"));
        Assert.Contains(await host.NotesAsync(notE164.Id), n => n.Contains("E.164"));
        Assert.Empty(host.Twilio.Requests);
    }

    [Fact]
    public async Task Without_twilio_settings_sms_are_appended_to_the_outbox_log()
    {
        await using var host = await MessagingHost.StartAsync(configure: s => s.AddSingleton(new TwilioSettings()));
        var instance = await host.StartAsync(await host.ImportAsync(SmsFlow()), Purchases.Input(Purchases.Ada()));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "sms"));
        var log = await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, "outbox", "sms.log"));
        Assert.Contains("+4915112345678", log);
        Assert.Contains("Hi Ada, your order", log);
        Assert.Empty(host.Twilio.Requests);
    }
}
