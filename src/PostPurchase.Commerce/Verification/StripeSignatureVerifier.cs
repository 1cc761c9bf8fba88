using System.Text;
using Stripe;

namespace PostPurchase.Commerce.Verification;

/// <summary>
/// Checks <c>Stripe-Signature: t=…,v1=…[,v1=…]</c> with Stripe.net's <see cref="EventUtility.ValidateSignature(string, string, string, long, long)"/>:
/// HMAC-SHA256 of <c>"{t}.{raw body}"</c> keyed with the endpoint secret, any matching v1 passes (Stripe sends several
/// while a secret is being rolled; v0 is ignored), compared in constant time, and <c>t</c> must be within the tolerance
/// of <see cref="RealTime"/> (never the accelerated workflow clock) in either direction.
/// </summary>
public sealed class StripeSignatureVerifier(string secret, TimeSpan tolerance, RealTime realTime)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Valid, or invalid with a reason that is safe to log (it never contains the secret or the body).</summary>
    public SignatureCheck Verify(string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header)) return SignatureCheck.Invalid("missing Stripe-Signature header");
        string json;
        try
        {
            json = StrictUtf8.GetString(body); // Stripe signs UTF-8; the library re-encodes the text it is given
        }
        catch (DecoderFallbackException)
        {
            return SignatureCheck.Invalid("the body is not UTF-8");
        }

        try
        {
            EventUtility.ValidateSignature(json, header, secret, (long)tolerance.TotalSeconds, realTime.UtcNow.ToUnixTimeSeconds());
            return SignatureCheck.Valid;
        }
        catch (StripeException ex)
        {
            return SignatureCheck.Invalid(ex.Message);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            // Stripe.net reads t as a 32-bit number: a malformed or out-of-range timestamp ends here.
            return SignatureCheck.Invalid("malformed timestamp in Stripe-Signature");
        }
    }

    /// <summary>A <c>Stripe-Signature</c> header for a body, made by Stripe.net (tests and stand-ins sign deliveries with it).</summary>
    public static string SignatureHeader(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        EventUtility.GenerateSignatureHeader(StrictUtf8.GetString(body), secret, timestamp);
}
