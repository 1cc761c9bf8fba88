using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PostPurchase.Messaging.Tokens;

/// <summary>
/// Signs small claim sets into URL-safe tokens with an expiry: <c>base64url(json).base64url(HMAC-SHA256)</c>. The
/// purpose ("unsubscribe", "review", …) is part of the signed text, so a token for one use is refused by another.
/// </summary>
public sealed class UrlTokenSigner(SigningKey key)
{
    public string Sign(string purpose, IReadOnlyDictionary<string, string> claims, DateTimeOffset expiresAt)
    {
        var body = new Dictionary<string, string>(claims) { ["exp"] = expiresAt.ToUnixTimeSeconds().ToString() };
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(body));
        return payload + "." + Base64Url(Mac(purpose, payload));
    }

    /// <summary>The error <see cref="Verify"/> gives for a genuine link past its expiry.</summary>
    public const string ExpiredError = "The link has expired.";

    /// <summary>The claims of a valid, unexpired token for <paramref name="purpose"/>; otherwise null and why.</summary>
    public IReadOnlyDictionary<string, string>? Verify(string purpose, string? token, DateTimeOffset now, out string error)
    {
        error = "The link is malformed.";
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 2) return null;
        byte[] signature, json;
        try
        {
            signature = FromBase64Url(parts[1]);
            json = FromBase64Url(parts[0]);
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Mac(purpose, parts[0])))
        {
            error = "The link's signature is not valid.";
            return null;
        }

        Dictionary<string, string>? claims;
        try
        {
            claims = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (claims is null || !claims.TryGetValue("exp", out var exp) || !long.TryParse(exp, out var seconds)) return null;
        if (DateTimeOffset.FromUnixTimeSeconds(seconds) <= now)
        {
            error = ExpiredError;
            return null;
        }

        error = "";
        claims.Remove("exp");
        return claims;
    }

    private byte[] Mac(string purpose, string payload) =>
        HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes(purpose + "." + payload));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
