using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.TestSupport.Smtp;

namespace PostPurchase.Messaging.Tests.Smtp;

/// <summary>Internationalised addresses (RFC 6531 SMTPUTF8, IDNA) and SMTP replies, through the whole gateway.</summary>
public sealed class SmtpAddressTests
{
    private static Flow MailFlow() => new Flow("mail")
        .Add("mail", "PostPurchase.SendEmail", ("subject", Flow.Literal("Your order")), ("body", Flow.Literal("Thanks!")), ("category", Flow.Literal("transactional")));

    [Fact]
    public async Task A_utf8_local_part_goes_out_with_smtputf8_when_the_server_offers_it()
    {
        await using var host = await MessagingHost.StartAsync(smtpServer: new LoopbackSmtpOptions { OfferSmtpUtf8 = true });
        var definition = await host.ImportAsync(MailFlow());

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(email: "josé@example.test")));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "mail"));
        var received = Assert.Single(await host.Smtp.WaitForAsync(1));
        Assert.True(received.SmtpUtf8);
        Assert.Equal(["josé@example.test"], received.Recipients);
        Assert.Contains("josé@example.test", received.Parse().Header("To"));
    }

    [Fact]
    public async Task Without_smtputf8_a_utf8_local_part_fails_that_message_for_good_without_retries_or_suppression()
    {
        await using var host = await MessagingHost.StartAsync();
        var definition = await host.ImportAsync(MailFlow());

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(email: "josé@example.test")));

        Assert.Equal("Failed", await host.OutcomeAsync(instance.Id, "mail")); // completed on the first try: no retry
        Assert.Contains(await host.NotesAsync(instance.Id), n => n.Contains("does not offer SMTPUTF8") && n.Contains("not suppressed"));
        Assert.Equal(SendStatus.Failed, (await host.SendRecords.FindAsync($"{instance.Id}:mail:1"))!.Status);
        Assert.Null(await host.Consent.GetCurrentAsync(Channel.Email, "josé@example.test"));
        await host.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Empty(host.Smtp.Received);

        // The same customer with an ASCII address still gets mail from this relay.
        var ascii = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(email: "jose@example.test")));
        Assert.Equal("Sent", await host.OutcomeAsync(ascii.Id, "mail"));
    }

    [Fact]
    public async Task A_utf8_domain_goes_out_as_idna_without_smtputf8()
    {
        await using var host = await MessagingHost.StartAsync();
        var definition = await host.ImportAsync(MailFlow());

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(email: "ada@bücher.example")));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "mail"));
        var received = Assert.Single(await host.Smtp.WaitForAsync(1));
        Assert.False(received.SmtpUtf8);
        Assert.Equal(["ada@xn--bcher-kva.example"], received.Recipients);
        Assert.All(received.Raw, c => Assert.True(c < 128, "the message is 7-bit"));
    }

    [Fact]
    public async Task A_policy_refusal_of_the_recipient_fails_without_suppressing_the_customer()
    {
        await using var host = await MessagingHost.StartAsync();
        host.Smtp.RecipientReplies["ada@example.com"] = "554 5.7.1 Relay access denied";
        var definition = await host.ImportAsync(MailFlow());

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));

        Assert.Equal("Failed", await host.OutcomeAsync(instance.Id, "mail"));
        Assert.Contains(await host.NotesAsync(instance.Id), n => n.Contains("SMTP 554") && n.Contains("Relay access denied"));
        Assert.Null(await host.Consent.GetCurrentAsync(Channel.Email, "ada@example.com"));
    }

    [Fact]
    public async Task A_mailbox_that_does_not_exist_is_a_bounce_that_suppresses_the_address()
    {
        await using var host = await MessagingHost.StartAsync();
        host.Smtp.RecipientReplies["ada@example.com"] = "551 5.1.6 User has moved";
        var definition = await host.ImportAsync(MailFlow());

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));

        Assert.Equal("Suppressed", await host.OutcomeAsync(instance.Id, "mail"));
        var state = await host.Consent.GetCurrentAsync(Channel.Email, "ada@example.com");
        Assert.Equal(ConsentStatus.Bounced, state!.Status);
        Assert.Equal("smtp:551", state.Source);
    }

    [Fact]
    public async Task A_4xx_recipient_reply_is_retried()
    {
        await using var host = await MessagingHost.StartAsync();
        host.Smtp.RecipientReplies["ada@example.com"] = "452 4.2.2 Mailbox full, try later";
        var definition = await host.ImportAsync(MailFlow());

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));
        Assert.Null(await host.OutcomeAsync(instance.Id, "mail"));

        host.Smtp.RecipientReplies.Clear();
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "mail"));
        Assert.Single(await host.Smtp.WaitForAsync(1));
        Assert.Null(await host.Consent.GetCurrentAsync(Channel.Email, "ada@example.com"));
    }
}
