namespace PostPurchase.Messaging.Tracking;

/// <summary>
/// A coarse class of the client that followed a link or loaded the pixel. Link scanners (Microsoft Safe Links,
/// Proofpoint, Mimecast…) and crawlers are "bot": their clicks are reported apart and resume nothing.
/// </summary>
public static class UserAgentClass
{
    public const string Bot = "bot";
    public const string EmailClient = "email-client";
    public const string Mobile = "mobile";
    public const string Desktop = "desktop";
    public const string Unknown = "unknown";

    private static readonly string[] BotMarkers =
        ["bot", "crawler", "spider", "slurp", "preview", "scanner", "safelinks", "proofpoint", "mimecast", "barracuda", "curl/", "wget/", "python-requests", "go-http-client"];

    private static readonly string[] ImageProxyMarkers = ["googleimageproxy", "ggpht.com", "yahoomailproxy", "outlook-ios", "microsoft office", "thunderbird"];

    public static string Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return Unknown;
        var ua = userAgent.ToLowerInvariant();
        if (BotMarkers.Any(ua.Contains)) return Bot;
        if (ImageProxyMarkers.Any(ua.Contains)) return EmailClient;
        if (ua.Contains("mobile") || ua.Contains("android") || ua.Contains("iphone") || ua.Contains("ipad")) return Mobile;
        return Desktop;
    }
}
