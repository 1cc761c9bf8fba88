using Microsoft.Extensions.Configuration;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// Section <c>Email:Dkim</c>: optional DKIM signing (RFC 6376, rsa-sha256, relaxed/relaxed). Either all three
/// settings are given or none; <see cref="Domain"/> is the <c>d=</c> tag, <see cref="Selector"/> the <c>s=</c> tag
/// (the public key is published at <c>{Selector}._domainkey.{Domain}</c>).
/// </summary>
public sealed record DkimSettings
{
    public string? Domain { get; init; }
    public string? Selector { get; init; }

    /// <summary>The RSA private key, PEM (PKCS#1 or PKCS#8).</summary>
    public string? PrivateKeyPath { get; init; }

    public bool Enabled => Domain is not null;

    public static DkimSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Email:Dkim");
        var settings = new DkimSettings
        {
            Domain = MessagingSettings.Text(section, "Domain"),
            Selector = MessagingSettings.Text(section, "Selector"),
            PrivateKeyPath = MessagingSettings.Text(section, "PrivateKeyPath"),
        };
        var given = new[] { settings.Domain, settings.Selector, settings.PrivateKeyPath }.Count(v => v is not null);
        if (given is not (0 or 3))
        {
            var missing = string.Join(", ", new[] { ("Domain", settings.Domain), ("Selector", settings.Selector), ("PrivateKeyPath", settings.PrivateKeyPath) }
                .Where(s => s.Item2 is null).Select(s => $"Email__Dkim__{s.Item1}"));
            throw new InvalidOperationException($"DKIM signing needs Email__Dkim__Domain, Email__Dkim__Selector and Email__Dkim__PrivateKeyPath; missing: {missing}.");
        }

        return settings;
    }
}
