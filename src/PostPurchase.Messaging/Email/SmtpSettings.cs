using Microsoft.Extensions.Configuration;

namespace PostPurchase.Messaging.Email;

/// <summary>Section <c>Smtp</c>. Without a host, mail is written to <c>{Data__Directory}/outbox/*.eml</c> instead.</summary>
public sealed record SmtpSettings
{
    public string? Host { get; init; }
    public int Port { get; init; } = 25;
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>STARTTLS.</summary>
    public bool EnableSsl { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public static SmtpSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Smtp");
        var port = section["Port"];
        var ssl = section["EnableSsl"];
        return new SmtpSettings
        {
            Host = MessagingSettings.Text(section, "Host"),
            Port = string.IsNullOrWhiteSpace(port) ? 25
                : int.TryParse(port, out var p) && p is > 0 and < 65536 ? p
                : throw new InvalidOperationException($"Setting 'Smtp__Port' is '{port}'; use a port number such as 587."),
            Username = MessagingSettings.Text(section, "Username"),
            Password = section["Password"],
            EnableSsl = string.IsNullOrWhiteSpace(ssl) ? false
                : bool.TryParse(ssl, out var s) ? s
                : throw new InvalidOperationException($"Setting 'Smtp__EnableSsl' is '{ssl}'; use true or false."),
        };
    }
}
