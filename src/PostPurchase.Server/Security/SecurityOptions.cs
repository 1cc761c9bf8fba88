using System.Net;

namespace PostPurchase.Server.Security;

/// <summary>
/// Settings for proxies and transport security: <c>Server__KnownProxies</c> (comma-separated addresses) and
/// <c>Server__KnownNetworks</c> (comma-separated CIDR ranges) whose <c>X-Forwarded-For/Proto/Host</c> are honoured
/// (nobody's when both are empty), and whether <c>PublicBaseUrl</c> is https.
/// </summary>
public sealed record SecurityOptions(IReadOnlyList<IPAddress> KnownProxies, IReadOnlyList<IPNetwork> KnownNetworks, bool PublicAddressIsHttps)
{
    public bool TrustsProxies => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public static SecurityOptions Read(IConfiguration configuration)
    {
        var proxies = Split(configuration["Server:KnownProxies"]).Select(text =>
            IPAddress.TryParse(text, out var address) ? address
                : throw new InvalidOperationException($"Setting 'Server__KnownProxies' holds '{text}', which is not an IP address.")).ToList();
        var networks = Split(configuration["Server:KnownNetworks"]).Select(text =>
            IPNetwork.TryParse(text, out var network) ? network
                : throw new InvalidOperationException($"Setting 'Server__KnownNetworks' holds '{text}', which is not a CIDR range such as 10.0.0.0/8.")).ToList();
        var publicUrl = configuration["PublicBaseUrl"];
        var https = Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
        return new SecurityOptions(proxies, networks, https);
    }

    private static IEnumerable<string> Split(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
