using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Commerce.Verification;

/// <summary>
/// Standard Webhooks (standardwebhooks.com): <c>webhook-signature: v1,&lt;base64&gt; [v1,&lt;base64&gt; …]</c>, an HMAC-SHA256 of
/// <c>"{webhook-id}.{webhook-timestamp}.{body}"</c> keyed with the base64 part of a <c>whsec_…</c> secret.
/// </summary>
public sealed class StandardWebhookVerifier
{
    private const string SecretPrefix = "whsec_";
    private readonly byte[] _key;
    private readonly TimeSpan _tolerance;
    private readonly RealTime _realTime;

    public StandardWebhookVerifier(string secret, TimeSpan tolerance, RealTime realTime)
    {
        _key = DecodeSecret(secret);
        _tolerance = tolerance;
        _realTime = realTime;
    }

    public SignatureCheck Verify(string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(timestamp) || string.IsNullOrWhiteSpace(signatureHeader))
            return SignatureCheck.Invalid("missing webhook-id, webhook-timestamp or webhook-signature header");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SignatureCheck.Invalid("webhook-timestamp is not a unix time");
        var age = _realTime.UtcNow - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (age.Duration() > _tolerance) return SignatureCheck.Invalid($"timestamp outside the {_tolerance.TotalSeconds:0} s tolerance");

        var expected = Compute(_key, id, seconds, body);
        var given = new byte[32];
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(',', 2);
            if (parts.Length != 2 || parts[0] != "v1") continue;
            if (Convert.TryFromBase64String(parts[1], given, out var length) && length == 32 && CryptographicOperations.FixedTimeEquals(expected, given))
                return SignatureCheck.Valid;
        }

        return SignatureCheck.Invalid("no matching v1 signature");
    }

    public static byte[] DecodeSecret(string secret)
    {
        var text = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Setting 'Webhooks__Secret' must be 'whsec_' followed by base64 (e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw).");
        }
    }

    public static byte[] Compute(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, message);
    }

    /// <summary>The <c>webhook-signature</c> header value for a delivery (for senders and tests).</summary>
    public static string SignatureHeader(string secret, string id, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Compute(DecodeSecret(secret), id, timestamp, body));
}
