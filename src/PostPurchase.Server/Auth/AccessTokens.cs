using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace PostPurchase.Server.Auth;

/// <summary>
/// Issues and checks the short-lived bearer tokens the Studio host pages embed: <c>base64url(payload).base64url(HMAC-SHA256)</c>
/// with the user name and expiry. The key comes from <c>Auth__TokenSigningKey</c> or is generated once into
/// <c>{data}/studio-token.key</c>, so every replica sharing the data directory accepts the others' tokens.
/// </summary>
public sealed class AccessTokens
{
    public const string KeyFileName = "studio-token.key";

    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;

    // Sign-in and token lifetimes are real time, independent of the (possibly accelerated) workflow clock.
    private readonly TimeProvider _clock = TimeProvider.System;

    public AccessTokens(IOptions<AuthOptions> options, SecretFiles secrets)
    {
        _lifetime = TimeSpan.FromMinutes(Math.Max(1, options.Value.AccessTokenMinutes));
        var configured = options.Value.TokenSigningKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _key = Convert.FromBase64String(configured);
        }
        else if (secrets.Read(KeyFileName) is { } stored)
        {
            _key = Convert.FromBase64String(stored);
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(32);
            secrets.Write(KeyFileName, Convert.ToBase64String(_key));
        }

        if (_key.Length < 32) throw new InvalidOperationException("Setting 'Auth__TokenSigningKey' must be at least 32 bytes (base64).");
    }

    public TimeSpan Lifetime => _lifetime;

    public string Issue(string user)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenPayload(user, _clock.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds()));
        var body = WebEncoders.Base64UrlEncode(payload);
        return body + "." + WebEncoders.Base64UrlEncode(Sign(body));
    }

    /// <summary>The user name in a valid, unexpired token; null otherwise.</summary>
    public string? Validate(string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot == token.Length - 1) return null;
        var body = token[..dot];
        byte[] signature;
        TokenPayload? payload;
        try
        {
            signature = WebEncoders.Base64UrlDecode(token[(dot + 1)..]);
            if (!CryptographicOperations.FixedTimeEquals(signature, Sign(body))) return null;
            payload = JsonSerializer.Deserialize<TokenPayload>(WebEncoders.Base64UrlDecode(body));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }

        if (payload is null || string.IsNullOrEmpty(payload.Sub)) return null;
        return payload.Exp > _clock.GetUtcNow().ToUnixTimeSeconds() ? payload.Sub : null;
    }

    private byte[] Sign(string body) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(body));

    private sealed record TokenPayload(string Sub, long Exp);
}
