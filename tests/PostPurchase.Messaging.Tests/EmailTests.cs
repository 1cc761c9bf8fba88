using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tests.Support;

namespace PostPurchase.Messaging.Tests;

public sealed class EmailTests
{
    private static Flow MailFlow(string category, string body = "Hi **{{ Purchase.Customer.FirstName }}**,\n\nthanks for buying *{{ Purchase.Items.0.Name }}*.\n\n<script>alert(1)</script>") =>
        new Flow("mail-" + category)
            .Add("mail", "PostPurchase.SendEmail",
                ("subject", Flow.Template("Your {{ Purchase.Items.0.Name }}, {{ Purchase.Customer.FirstName }}")),
                ("body", Flow.Template(body)),
                ("category", Flow.Literal(category)));

    [Fact]
    public async Task Marketing_email_goes_over_a_real_smtp_conversation_with_one_click_unsubscribe_headers()
    {
        await using var host = await MessagingHost.StartAsync();
        var definition = await host.ImportAsync(MailFlow("marketing"));

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "mail"));
        var received = Assert.Single(await host.Smtp.WaitForAsync(1));
        Assert.Equal(["ada@example.com"], received.Recipients);
        Assert.Equal("shop@shop.example.com", received.MailFrom);

        var mail = received.Parse();
        Assert.Equal("Your Analytical Engine, Ada", mail.Header("Subject"));
        Assert.Equal($"<{EmailComposer.MessageIdFor($"{instance.Id}:mail:1", "shop@shop.example.com")}>", mail.Header("Message-ID"));
        Assert.Matches(@"^<https://shop\.example\.com/unsubscribe/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+>$", mail.Header("List-Unsubscribe"));
        Assert.Equal("List-Unsubscribe=One-Click", mail.Header("List-Unsubscribe-Post"));

        var html = mail.Part("text/html")!.Text;
        Assert.Contains("<strong>Ada</strong>", html);
        Assert.Contains("<em>Analytical Engine</em>", html);
        Assert.DoesNotContain("<script>", html); // raw HTML in the template is escaped, not passed through
        Assert.Contains(">Unsubscribe</a>", html);
        var text = mail.Part("text/plain")!.Text;
        Assert.Contains("Hi **Ada**", text);
        Assert.Contains("Unsubscribe: https://shop.example.com/unsubscribe/", text);

        var record = await host.SendRecords.FindAsync($"{instance.Id}:mail:1");
        Assert.Equal(SendStatus.Sent, record!.Status);
    }

    [Fact]
    public async Task Transactional_email_has_no_unsubscribe_headers_and_ignores_a_marketing_opt_out()
    {
        await using var host = await MessagingHost.StartAsync();
        await host.Consent.RecordAsync(new ConsentChange(Gateway.Channel.Email, "ada@example.com", ConsentStatus.OptedOut, "test", host.Clock.GetUtcNow()));
        var definition = await host.ImportAsync(MailFlow("transactional"));

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "mail"));
        var mail = Assert.Single(await host.Smtp.WaitForAsync(1)).Parse();
        Assert.Null(mail.Header("List-Unsubscribe"));
        Assert.Null(mail.Header("List-Unsubscribe-Post"));
        Assert.DoesNotContain("Unsubscribe", mail.Part("text/plain")!.Text);
    }

    [Fact]
    public async Task Without_an_smtp_host_the_email_is_written_to_the_outbox_as_an_eml_file()
    {
        await using var host = await MessagingHost.StartAsync(useSmtp: false);
        var definition = await host.ImportAsync(MailFlow("transactional"));

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "mail"));
        var file = Assert.Single(Directory.GetFiles(Path.Combine(host.DataDirectory, "outbox"), "*.eml"));
        var mail = PostPurchase.TestSupport.Smtp.MimeMessageReader.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal("Your Analytical Engine, Ada", mail.Header("Subject"));
        Assert.Contains("<strong>Ada</strong>", mail.Part("text/html")!.Text);
        Assert.Empty(host.Smtp.Received);
        Assert.Contains(await host.NotesAsync(instance.Id), n => n.Contains(file));
    }

    [Fact]
    public async Task No_address_is_suppressed_and_a_hard_bounce_suppresses_the_next_email()
    {
        await using var host = await MessagingHost.StartAsync();
        host.Smtp.RejectRecipients["gone@example.com"] = true;
        var definition = await host.ImportAsync(MailFlow("transactional"));

        var noAddress = await host.StartAsync(definition, Purchases.Input(Purchases.Ada() with { Customer = Purchases.Ada().Customer with { Email = null } }));
        var bounced = await host.StartAsync(definition, Purchases.Input(Purchases.Ada(email: "gone@example.com")));

        Assert.Equal("Suppressed", await host.OutcomeAsync(noAddress.Id, "mail"));
        Assert.Equal("Suppressed", await host.OutcomeAsync(bounced.Id, "mail"));
        var state = await host.Consent.GetCurrentAsync(Gateway.Channel.Email, "gone@example.com");
        Assert.Equal(ConsentStatus.Bounced, state!.Status);
        Assert.Equal("smtp:550", state.Source);
        Assert.Empty(host.Smtp.Received);
    }

    [Fact]
    public async Task A_transient_smtp_failure_is_retried_by_the_engine_and_sends_once()
    {
        await using var host = await MessagingHost.StartAsync();
        host.Smtp.FailNextConnections = 1;
        var definition = await host.ImportAsync(MailFlow("transactional"));

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));
        Assert.Null(await host.OutcomeAsync(instance.Id, "mail"));
        Assert.Empty(host.Smtp.Received);

        await host.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Sent", await host.OutcomeAsync(instance.Id, "mail"));
        Assert.Single(await host.Smtp.WaitForAsync(1));
    }

    [Fact]
    public async Task An_invalid_sender_fails_clearly_without_contacting_the_server()
    {
        await using var host = await MessagingHost.StartAsync();
        var definition = await host.ImportAsync(new Flow("bad-from")
            .Add("mail", "PostPurchase.SendEmail", ("from", Flow.Literal("not an address")), ("subject", Flow.Literal("Hi")), ("body", Flow.Literal("Hi"))));

        var instance = await host.StartAsync(definition, Purchases.Input(Purchases.Ada()));

        Assert.Equal("Failed", await host.OutcomeAsync(instance.Id, "mail"));
        Assert.Contains(await host.NotesAsync(instance.Id), n => n.Contains("From address 'not an address' is not valid"));
        Assert.Empty(host.Smtp.Received);
    }
}
