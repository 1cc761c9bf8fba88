using System.Globalization;
using Microsoft.Extensions.Configuration;
using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging;

/// <summary>
/// Gateway and message settings (sections <c>Messaging</c>, <c>Email</c>, <c>PublicBaseUrl</c>, <c>Data</c>).
/// A malformed value stops start-up with a message naming the setting.
/// </summary>
public sealed record MessagingSettings
{
    /// <summary>Where <c>outbox/</c> (quick-start .eml files and sms.log) and the generated signing key live.</summary>
    public string DataDirectory { get; init; } = Path.GetFullPath("data");

    /// <summary>The server's public address, used in unsubscribe and review links.</summary>
    public string PublicBaseUrl { get; init; } = "http://localhost:5080";

    public string EmailFrom { get; init; } = "PostPurchase <no-reply@localhost>";

    /// <summary>IANA zone used for quiet hours when the purchase carries none.</summary>
    public string DefaultTimeZone { get; init; } = "UTC";

    /// <summary>Opt-in instead of opt-out for marketing email.</summary>
    public bool EmailMarketingRequiresConsent { get; init; }

    /// <summary>Local hours in which SMS may be sent (null: any time).</summary>
    public SendWindow? SmsSendWindow { get; init; } = new(new TimeOnly(9, 0), new TimeOnly(20, 0));

    /// <summary>Local hours in which email may be sent (null: any time).</summary>
    public SendWindow? EmailSendWindow { get; init; }

    /// <summary>At most this many marketing messages per recipient and channel within <see cref="MarketingCapWindow"/>.</summary>
    public int MarketingCapCount { get; init; } = 1;

    public TimeSpan MarketingCapWindow { get; init; } = TimeSpan.FromHours(16);

    /// <summary>How long a review link works (at least the request's wait plus two days): late answers still count.</summary>
    public TimeSpan ReviewLinkLifetime { get; init; } = TimeSpan.FromDays(60);

    public string OutboxDirectory => Path.Combine(DataDirectory, "outbox");

    public SendWindow? WindowFor(Channel channel) => channel == Channel.Sms ? SmsSendWindow : EmailSendWindow;

    public static MessagingSettings Read(IConfiguration configuration)
    {
        var defaults = new MessagingSettings();
        var section = configuration.GetSection("Messaging");
        var timeZone = Text(section, "DefaultTimeZone") ?? defaults.DefaultTimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            throw new InvalidOperationException($"Setting 'Messaging__DefaultTimeZone' is '{timeZone}'; use an IANA time zone such as Europe/Berlin.");

        var baseUrl = (Text(configuration, "PublicBaseUrl") ?? defaults.PublicBaseUrl).TrimEnd('/');
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new InvalidOperationException($"Setting 'PublicBaseUrl' is '{baseUrl}'; use an absolute http(s) URL such as https://shop.example.com.");

        return new MessagingSettings
        {
            DataDirectory = Text(configuration, "Data:Directory") is { } data ? Path.GetFullPath(data) : defaults.DataDirectory,
            PublicBaseUrl = baseUrl,
            EmailFrom = Text(configuration, "Email:From") ?? defaults.EmailFrom,
            DefaultTimeZone = timeZone,
            EmailMarketingRequiresConsent = Bool(section, "EmailMarketingRequiresConsent", "Messaging__EmailMarketingRequiresConsent") ?? false,
            SmsSendWindow = Window(section, "SmsSendWindow", defaults.SmsSendWindow),
            EmailSendWindow = Window(section, "EmailSendWindow", defaults.EmailSendWindow),
            MarketingCapCount = (int)(Number(section, "MarketingCapCount", 0) ?? defaults.MarketingCapCount),
            MarketingCapWindow = TimeSpan.FromHours(Number(section, "MarketingCapHours", 0) ?? defaults.MarketingCapWindow.TotalHours),
            ReviewLinkLifetime = TimeSpan.FromDays(Number(section, "ReviewLinkDays", 1) ?? defaults.ReviewLinkLifetime.TotalDays),
        };
    }

    internal static string? Text(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value.Trim() : null;

    private static bool? Bool(IConfiguration section, string key, string name)
    {
        if (Text(section, key) is not { } text) return null;
        return bool.TryParse(text, out var value) ? value : throw new InvalidOperationException($"Setting '{name}' is '{text}'; use true or false.");
    }

    private static double? Number(IConfiguration section, string key, double min)
    {
        if (Text(section, key) is not { } text) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new InvalidOperationException($"Setting 'Messaging__{key}' is '{text}'; it must be a number ≥ {min}.");
        return value;
    }

    private static SendWindow? Window(IConfiguration section, string key, SendWindow? fallback)
    {
        if (section[key] is not { } text) return fallback;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        return SendWindow.TryParse(text, out var window)
            ? window
            : throw new InvalidOperationException($"Setting 'Messaging__{key}' is '{text}'; use HH:mm-HH:mm (e.g. 09:00-20:00) or none.");
    }
}
