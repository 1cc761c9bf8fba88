using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Commerce.Verification;

/// <summary>
/// Checks <c>Stripe-Signature: t=…,v1=…[,v1=…]</c>: lowercase hex HMAC-SHA256 of <c>"{t}.{raw body}"</c> keyed with the
/// endpoint secret as-is. Any matching v1 passes (Stripe sends several while a secret is being rolled); v0 is ignored.
/// </summary>
public sealed class StripeSignatureVerifier(string secret, TimeSpan tolerance, RealTime realTime)
{
    public SignatureCheck Verify(string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header)) return SignatureCheck.Invalid("missing Stripe-Signature header");

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2) continue;
            var key = pair[0].Trim();
            var value = pair[1].Trim();
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t)) timestamp = t;
            else if (key == "v1" && TryFromHex(value, out var signature)) signatures.Add(signature);
        }

        if (timestamp is null) return SignatureCheck.Invalid("no timestamp in Stripe-Signature");
        if (signatures.Count == 0) return SignatureCheck.Invalid("no v1 signature in Stripe-Signature");

        var age = realTime.UtcNow - DateTimeOffset.FromUnixTimeSeconds(timestamp.Value);
        if (age.Duration() > tolerance) return SignatureCheck.Invalid($"timestamp outside the {tolerance.TotalSeconds:0} s tolerance");

        var expected = Compute(secret, timestamp.Value, body);
        foreach (var signature in signatures)
            if (CryptographicOperations.FixedTimeEquals(expected, signature))
                return SignatureCheck.Valid;
        return SignatureCheck.Invalid("no matching v1 signature");
    }

    /// <summary>The v1 signature bytes for a payload (also used by tests and stand-ins to sign deliveries).</summary>
    public static byte[] Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }

    public static string SignatureHeader(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        $"t={timestamp},v1={Convert.ToHexStringLower(Compute(secret, timestamp, body))}";

    private static bool TryFromHex(string value, out byte[] bytes)
    {
        bytes = [];
        if (value.Length != 64) return false;
        try
        {
            bytes = Convert.FromHexString(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
