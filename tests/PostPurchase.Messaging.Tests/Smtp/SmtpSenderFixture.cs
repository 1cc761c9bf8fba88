using Microsoft.Extensions.Logging.Abstractions;
using PostPurchase.Messaging.Email;
using PostPurchase.TestSupport.Smtp;

namespace PostPurchase.Messaging.Tests.Smtp;

/// <summary>The MailKit sender and its pool pointed at a loopback SMTP server, plus a throw-away directory for keys and certificates.</summary>
public sealed class SmtpSenderFixture : IAsyncDisposable
{
    private SmtpSenderFixture(LoopbackSmtpServer server, SmtpConnectionPool pool, MailKitEmailSender sender, string directory)
    {
        Server = server;
        Pool = pool;
        Sender = sender;
        Directory = directory;
    }

    public LoopbackSmtpServer Server { get; }
    public SmtpConnectionPool Pool { get; }
    public MailKitEmailSender Sender { get; }
    public string Directory { get; }

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "pp-smtp-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    public static SmtpSenderFixture Start(LoopbackSmtpOptions? server = null, Func<SmtpSettings, SmtpSettings>? settings = null,
        DkimSigning? dkim = null, string? directory = null)
    {
        directory ??= NewDirectory();
        var smtp = new LoopbackSmtpServer(server);
        var smtpSettings = new SmtpSettings { Host = smtp.Host, Port = smtp.Port, Timeout = TimeSpan.FromSeconds(10) };
        smtpSettings = settings?.Invoke(smtpSettings) ?? smtpSettings;
        var pool = new SmtpConnectionPool(smtpSettings, NullLogger<SmtpConnectionPool>.Instance);
        var sender = new MailKitEmailSender(smtpSettings, new MessagingSettings { DataDirectory = directory }, pool,
            dkim ?? new DkimSigning(new DkimSettings()), NullLogger<MailKitEmailSender>.Instance);
        return new SmtpSenderFixture(smtp, pool, sender, directory);
    }

    public static EmailContent Content(string to = "ada@example.com", string key = "i1:mail:1", bool marketing = true) => new(
        "Shop <shop@shop.example.com>", to, "help@shop.example.com", "Your Analytical Engine", "Hi **Ada**,\n\nthanks for your order.",
        EmailComposer.MessageIdFor(key, "shop@shop.example.com"), marketing ? "https://shop.example.com/unsubscribe/abc.def" : null);

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
