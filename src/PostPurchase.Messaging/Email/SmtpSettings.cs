using Microsoft.Extensions.Configuration;

namespace PostPurchase.Messaging.Email;

/// <summary>How the SMTP connection is secured (MailKit's <c>SecureSocketOptions</c> in RFC 3207 / RFC 8314 terms).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text; STARTTLS is not used even when offered.</summary>
    None,

    /// <summary>STARTTLS (RFC 3207) is required: a server that does not offer it fails the send.</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, else plain text.</summary>
    StartTlsWhenAvailable,

    /// <summary>Implicit TLS from the first byte (RFC 8314, usually port 465).</summary>
    SslOnConnect,
}

/// <summary>Section <c>Smtp</c>. Without a host, mail is written to <c>{Data__Directory}/outbox/*.eml</c> instead.</summary>
public sealed record SmtpSettings
{
    public const int DefaultPoolSize = 16;

    public string? Host { get; init; }

    /// <summary>25, or 465 when <see cref="Security"/> is <see cref="SmtpSecurity.SslOnConnect"/> and no port is set.</summary>
    public int Port { get; init; } = 25;

    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary><c>Smtp__Security</c>; <c>Smtp__EnableSsl=true</c> is an alias of <see cref="SmtpSecurity.StartTls"/>, <c>false</c> of <see cref="SmtpSecurity.None"/>.</summary>
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTlsWhenAvailable;

    /// <summary>
    /// A PEM or DER certificate (a private CA or the server's own certificate) trusted in addition to the system's
    /// roots. The host name, expiry and chain are still checked; nothing turns validation off.
    /// </summary>
    public string? TrustedCertificatePath { get; init; }

    /// <summary>SMTP connections kept open and reused; also the number of messages in flight at once.</summary>
    public int PoolSize { get; init; } = DefaultPoolSize;

    /// <summary>Per SMTP command and for connecting.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public static SmtpSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Smtp");
        var security = ReadSecurity(section);
        var port = section["Port"];
        var pool = section["PoolSize"];
        var trusted = MessagingSettings.Text(section, "TrustedCertificatePath");
        if (trusted is not null && !File.Exists(trusted))
            throw new InvalidOperationException($"Setting 'Smtp__TrustedCertificatePath' names '{trusted}', which does not exist.");
        return new SmtpSettings
        {
            Host = MessagingSettings.Text(section, "Host"),
            Port = string.IsNullOrWhiteSpace(port) ? security == SmtpSecurity.SslOnConnect ? 465 : 25
                : int.TryParse(port, out var p) && p is > 0 and < 65536 ? p
                : throw new InvalidOperationException($"Setting 'Smtp__Port' is '{port}'; use a port number such as 587."),
            Username = MessagingSettings.Text(section, "Username"),
            Password = section["Password"],
            Security = security,
            TrustedCertificatePath = trusted,
            PoolSize = string.IsNullOrWhiteSpace(pool) ? DefaultPoolSize
                : int.TryParse(pool, out var n) && n is > 0 and <= 1000 ? n
                : throw new InvalidOperationException($"Setting 'Smtp__PoolSize' is '{pool}'; use a number of connections from 1 to 1000."),
        };
    }

    private static SmtpSecurity ReadSecurity(IConfiguration section)
    {
        var text = MessagingSettings.Text(section, "Security");
        var ssl = MessagingSettings.Text(section, "EnableSsl");
        bool? enableSsl = ssl is null ? null
            : bool.TryParse(ssl, out var s) ? s
            : throw new InvalidOperationException($"Setting 'Smtp__EnableSsl' is '{ssl}'; use true or false (or Smtp__Security).");
        if (text is null) return enableSsl switch { true => SmtpSecurity.StartTls, false => SmtpSecurity.None, null => SmtpSecurity.StartTlsWhenAvailable };
        if (!Enum.TryParse<SmtpSecurity>(text, ignoreCase: true, out var security) || !Enum.IsDefined(security))
            throw new InvalidOperationException($"Setting 'Smtp__Security' is '{text}'; use None, StartTls, StartTlsWhenAvailable or SslOnConnect.");
        if (enableSsl == false && security != SmtpSecurity.None || enableSsl == true && security is SmtpSecurity.None)
            throw new InvalidOperationException($"Settings 'Smtp__Security' ({security}) and 'Smtp__EnableSsl' ({ssl}) disagree; set only Smtp__Security.");
        return security;
    }
}
