using Twilio.Security;

namespace PostPurchase.Messaging.Sms;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> on Twilio's form-encoded webhooks with Twilio's own <see cref="RequestValidator"/>
/// (HMAC-SHA1 keyed with the auth token over the URL and the sorted parameters, compared in constant time, the URL tried
/// with and without its port since proxies differ in what they pass on).
/// </summary>
public static class TwilioSignature
{
    /// <summary>
    /// True when <paramref name="signature"/> is Twilio's signature of <paramref name="url"/> (as configured at Twilio:
    /// PublicBaseUrl + path + query) and the form <paramref name="parameters"/>. A form that repeats a parameter name is
    /// refused: Twilio's messaging webhooks never repeat one, and the SDK's validator takes one value per name.
    /// </summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || !Uri.TryCreate(url, UriKind.Absolute, out _)) return false;
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
            if (!form.TryAdd(name, value)) return false;
        // A validator holds one HMAC instance, which is not safe to share between concurrent webhooks.
        return new RequestValidator(authToken).Validate(url, form, signature);
    }
}
