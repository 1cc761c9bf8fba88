using Microsoft.Extensions.Configuration;

namespace PostPurchase.Messaging.Sms;

/// <summary>Section <c>Twilio</c>. Without an account SID, token and sender, SMS go to <c>{Data__Directory}/outbox/sms.log</c>.</summary>
public sealed record TwilioSettings
{
    /// <summary>Where the Twilio SDK's requests go (its own host by default; tests point it at a loopback stand-in).</summary>
    public string BaseUrl { get; init; } = "https://api.twilio.com";
    public string? AccountSid { get; init; }
    public string? AuthToken { get; init; }

    /// <summary>Sender number (E.164) …</summary>
    public string? From { get; init; }

    /// <summary>… or a Messaging Service (takes precedence; it handles opt-out keywords and sender pools).</summary>
    public string? MessagingServiceSid { get; init; }

    /// <summary>Where Twilio posts delivery reports (default: {PublicBaseUrl}/webhooks/twilio/status).</summary>
    public string? StatusCallbackUrl { get; init; }

    public bool IsConfigured => AccountSid is not null && AuthToken is not null && (From is not null || MessagingServiceSid is not null);

    public static TwilioSettings Read(IConfiguration configuration, MessagingSettings messaging)
    {
        var section = configuration.GetSection("Twilio");
        var baseUrl = (MessagingSettings.Text(section, "BaseUrl") ?? new TwilioSettings().BaseUrl).TrimEnd('/');
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
            throw new InvalidOperationException($"Setting 'Twilio__BaseUrl' is '{baseUrl}'; use an absolute URL.");
        var settings = new TwilioSettings
        {
            BaseUrl = baseUrl,
            AccountSid = MessagingSettings.Text(section, "AccountSid"),
            AuthToken = MessagingSettings.Text(section, "AuthToken"),
            From = MessagingSettings.Text(section, "From"),
            MessagingServiceSid = MessagingSettings.Text(section, "MessagingServiceSid"),
            StatusCallbackUrl = MessagingSettings.Text(section, "StatusCallbackUrl") ?? $"{messaging.PublicBaseUrl}/webhooks/twilio/status",
        };
        if (settings.AccountSid is not null && !settings.IsConfigured)
            throw new InvalidOperationException("Setting 'Twilio__AccountSid' is set, so 'Twilio__AuthToken' and 'Twilio__From' (or 'Twilio__MessagingServiceSid') are required too.");
        return settings;
    }
}
