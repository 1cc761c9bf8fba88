using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Tests.Smtp;

/// <summary>DKIM signatures as a receiving server checks them: against the public key published in DNS.</summary>
public sealed class DkimTests
{
    private const string Domain = "shop.example.com";
    private const string Selector = "pp2026";

    [Fact]
    public async Task A_signed_message_covers_the_bulk_mail_headers_and_verifies_against_the_published_key()
    {
        var (raw, txt) = await SendSignedAsync();
        var message = Reload(raw);

        var signature = message.Headers[HeaderId.DkimSignature] ?? throw new Xunit.Sdk.XunitException("no DKIM-Signature header");
        var tags = Tags(signature);
        Assert.Equal("rsa-sha256", tags["a"]);
        Assert.Equal("relaxed/relaxed", tags["c"]);
        Assert.Equal(Domain, tags["d"]);
        Assert.Equal(Selector, tags["s"]);
        var signed = tags["h"].Split(':').Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        foreach (var header in new[] { "from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post" })
            Assert.Contains(header, signed);

        Assert.True(await VerifyAsync(message, txt));
    }

    [Fact]
    public async Task Changing_the_body_or_a_signed_header_breaks_the_signature_and_an_added_header_does_not()
    {
        var (raw, txt) = await SendSignedAsync();

        var body = Reload(raw.Replace("thanks for your order", "thanks for your 0rder"));
        var subject = Reload(raw.Replace("Subject: Your Analytical Engine", "Subject: Your Analytical Engines"));
        var unsubscribe = Reload(raw.Replace("/unsubscribe/abc.def", "/unsubscribe/evil.def"));
        var added = Reload("X-Scanned: yes\r\n" + raw);

        Assert.True(await VerifyAsync(Reload(raw), txt));
        Assert.False(await VerifyAsync(body, txt));
        Assert.False(await VerifyAsync(subject, txt));
        Assert.False(await VerifyAsync(unsubscribe, txt));
        Assert.True(await VerifyAsync(added, txt));
    }

    [Fact]
    public void A_missing_key_or_an_incomplete_setting_stops_start_up_naming_the_setting()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => new DkimSigning(new DkimSettings
        {
            Domain = Domain, Selector = Selector, PrivateKeyPath = Path.Combine(Path.GetTempPath(), "no-such-dkim.key"),
        }));
        Assert.Contains("Email__Dkim__PrivateKeyPath", missing.Message);

        var directory = SmtpSenderFixture.NewDirectory();
        var garbage = Path.Combine(directory, "garbage.pem");
        File.WriteAllText(garbage, "not a key");
        var unreadable = Assert.Throws<InvalidOperationException>(() => new DkimSigning(new DkimSettings { Domain = Domain, Selector = Selector, PrivateKeyPath = garbage }));
        Assert.Contains("Email__Dkim__PrivateKeyPath", unreadable.Message);
        Directory.Delete(directory, recursive: true);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Email:Dkim:Domain"] = Domain }).Build();
        var incomplete = Assert.Throws<InvalidOperationException>(() => DkimSettings.Read(configuration));
        Assert.Contains("Email__Dkim__Selector", incomplete.Message);
        Assert.Contains("Email__Dkim__PrivateKeyPath", incomplete.Message);
    }

    /// <summary>Generates a key, signs and sends one marketing email over SMTP, and returns what the server received plus the TXT record value.</summary>
    private static async Task<(string Raw, string Txt)> SendSignedAsync()
    {
        var directory = SmtpSenderFixture.NewDirectory();
        using var rsa = RSA.Create(2048);
        var keyPath = Path.Combine(directory, "dkim.pem");
        await File.WriteAllTextAsync(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        var txt = $"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}";
        var dkim = new DkimSigning(new DkimSettings { Domain = Domain, Selector = Selector, PrivateKeyPath = keyPath });
        await using var smtp = SmtpSenderFixture.Start(dkim: dkim, directory: directory);

        var result = await smtp.Sender.SendAsync(SmtpSenderFixture.Content(), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Accepted, result.Status);
        return (Assert.Single(await smtp.Server.WaitForAsync(1)).Raw, txt);
    }

    private static MimeMessage Reload(string raw) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));

    private static Task<bool> VerifyAsync(MimeMessage message, string txt) =>
        new DkimVerifier(new TxtRecordLocator(Domain, Selector, txt)).VerifyAsync(message, message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)]);

    private static Dictionary<string, string> Tags(string signature) =>
        signature.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.Split('=', 2)).ToDictionary(t => t[0], t => string.Concat(t[1].Where(c => !char.IsWhiteSpace(c))));

    /// <summary>What a verifier's DNS lookup of <c>{selector}._domainkey.{domain}</c> TXT would return.</summary>
    private sealed class TxtRecordLocator(string domain, string selector, string txt) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain_, string selector_, CancellationToken cancellationToken = default) =>
            domain_ == domain && selector_ == selector ? GetPublicKey(txt) : throw new KeyNotFoundException($"no TXT record at {selector_}._domainkey.{domain_}");

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain_, string selector_, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain_, selector_, cancellationToken));
    }
}
