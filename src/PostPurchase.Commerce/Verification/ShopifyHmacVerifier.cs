using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Commerce.Verification;

/// <summary>Checks <c>X-Shopify-Hmac-Sha256</c>: base64 HMAC-SHA256 of the raw body keyed with the app's client secret.</summary>
public sealed class ShopifyHmacVerifier(string secret)
{
    public SignatureCheck Verify(string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header)) return SignatureCheck.Invalid("missing X-Shopify-Hmac-Sha256 header");
        var given = new byte[32];
        if (!Convert.TryFromBase64String(header.Trim(), given, out var length) || length != 32)
            return SignatureCheck.Invalid("X-Shopify-Hmac-Sha256 is not a base64 SHA-256 HMAC");
        return CryptographicOperations.FixedTimeEquals(Compute(secret, body), given)
            ? SignatureCheck.Valid
            : SignatureCheck.Invalid("HMAC does not match");
    }

    public static byte[] Compute(string secret, ReadOnlySpan<byte> body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);

    public static string Header(string secret, ReadOnlySpan<byte> body) => Convert.ToBase64String(Compute(secret, body));
}
