using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Messaging.Sms;

/// <summary>
/// X-Twilio-Signature: base64 of HMAC-SHA1 (key: the auth token) over the full URL followed by every POST parameter
/// name and value, sorted by name (values of a repeated name sorted too). Like Twilio's own helpers, a URL is
/// accepted with or without its port, since proxies differ in what they pass on.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder(url);
        foreach (var group in parameters.GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var value in group.Select(p => p.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                text.Append(group.Key).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature)) return false;
        var list = parameters.ToList();
        var expected = Encoding.UTF8.GetBytes(signature);
        foreach (var candidate in UrlVariants(url).Distinct())
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Compute(authToken, candidate, list)), expected))
                return true;
        return false;
    }

    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) yield break;
        yield return Rebuild(url, uri, includePort: false);
        yield return Rebuild(url, uri, includePort: true);
    }

    /// <summary>Rewrites only the authority, leaving path and query exactly as Twilio signed them.</summary>
    private static string Rebuild(string url, Uri uri, bool includePort)
    {
        var authorityEnd = url.IndexOf('/', uri.Scheme.Length + 3);
        var rest = authorityEnd < 0 ? "" : url[authorityEnd..];
        var authority = includePort ? $"{uri.Host}:{uri.Port}" : uri.Host;
        return $"{uri.Scheme}://{authority}{rest}";
    }
}
