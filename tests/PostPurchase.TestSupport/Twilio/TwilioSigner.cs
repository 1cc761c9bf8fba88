using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.TestSupport.Twilio;

/// <summary>
/// Signs a webhook the way Twilio does (X-Twilio-Signature: base64 HMAC-SHA1 keyed with the auth token over the URL
/// followed by each parameter name and value, sorted by name), so tests can post webhooks Twilio would have sent.
/// </summary>
public static class TwilioSigner
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            text.Append(name).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(text.ToString())));
    }
}
