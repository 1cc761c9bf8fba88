using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Gateway;
using PostPurchase.TestSupport.Smtp;

namespace PostPurchase.Messaging.Tests.Smtp;

/// <summary>TLS against a server with a certificate made in the test and trusted through Smtp__TrustedCertificatePath.</summary>
public sealed class SmtpSecurityTests
{
    [Fact]
    public async Task Implicit_tls_on_connect_with_the_servers_certificate_trusted_by_setting()
    {
        var directory = SmtpSenderFixture.NewDirectory();
        var pem = Path.Combine(directory, "relay.pem");
        using var certificate = TestCertificates.CreateSelfSigned(pem);
        await using var smtp = SmtpSenderFixture.Start(new LoopbackSmtpOptions { Certificate = certificate, ImplicitTls = true },
            s => s with { Security = SmtpSecurity.SslOnConnect, TrustedCertificatePath = pem }, directory: directory);

        var result = await smtp.Sender.SendAsync(SmtpSenderFixture.Content(), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        Assert.True(Assert.Single(await smtp.Server.WaitForAsync(1)).OverTls);
    }

    [Fact]
    public async Task Starttls_upgrades_the_session_before_the_message()
    {
        var directory = SmtpSenderFixture.NewDirectory();
        var pem = Path.Combine(directory, "relay.pem");
        using var certificate = TestCertificates.CreateSelfSigned(pem);
        await using var smtp = SmtpSenderFixture.Start(new LoopbackSmtpOptions { Certificate = certificate },
            s => s with { Security = SmtpSecurity.StartTls, TrustedCertificatePath = pem }, directory: directory);

        var results = new[]
        {
            await smtp.Sender.SendAsync(SmtpSenderFixture.Content(key: "k1:mail:1"), CancellationToken.None),
            await smtp.Sender.SendAsync(SmtpSenderFixture.Content(key: "k2:mail:1"), CancellationToken.None),
        };

        Assert.All(results, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        Assert.All(await smtp.Server.WaitForAsync(2), m => Assert.True(m.OverTls));
        Assert.Equal(1, smtp.Server.Connections); // one STARTTLS handshake for both
    }

    [Fact]
    public async Task An_untrusted_certificate_fails_the_send_and_nothing_is_delivered()
    {
        var directory = SmtpSenderFixture.NewDirectory();
        using var certificate = TestCertificates.CreateSelfSigned(Path.Combine(directory, "relay.pem"));
        using var other = TestCertificates.CreateSelfSigned(Path.Combine(directory, "other.pem"));
        await using var smtp = SmtpSenderFixture.Start(new LoopbackSmtpOptions { Certificate = certificate, ImplicitTls = true },
            s => s with { Security = SmtpSecurity.SslOnConnect, TrustedCertificatePath = Path.Combine(directory, "other.pem") }, directory: directory);

        var result = await smtp.Sender.SendAsync(SmtpSenderFixture.Content(), CancellationToken.None);

        Assert.Equal(DeliveryStatus.PermanentFailure, result.Status);
        Assert.Contains("TLS", result.Detail);
        Assert.Empty(smtp.Server.Received);
    }

    [Fact]
    public async Task Starttls_required_but_not_offered_fails_permanently()
    {
        await using var smtp = SmtpSenderFixture.Start(settings: s => s with { Security = SmtpSecurity.StartTls });

        var result = await smtp.Sender.SendAsync(SmtpSenderFixture.Content(), CancellationToken.None);

        Assert.Equal(DeliveryStatus.PermanentFailure, result.Status);
        Assert.Contains("STARTTLS", result.Detail);
        Assert.Empty(smtp.Server.Received);
    }
}
