using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PostPurchase.TestSupport.Commerce;

namespace PostPurchase.TestSupport.OpenIdConnect;

/// <summary>
/// A loopback OpenID Connect provider for tests: discovery document, JWKS (one RSA test key), an authorize endpoint that
/// signs in <see cref="NextUser"/> at once (no login form) and redirects back with a code, and a token endpoint that
/// checks the client secret and the PKCE verifier (S256) and answers an RS256 id_token with the request's nonce.
/// Shapes follow OpenID Connect Core 1.0 and Discovery 1.0.
/// </summary>
public sealed class OpenIdProviderStandIn : IAsyncDisposable
{
    private const string KeyId = "test-key-1";
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _unpublished = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private WebApplication _app = null!;

    private OpenIdProviderStandIn(string clientId, string clientSecret)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public string ClientId { get; }
    public string ClientSecret { get; }

    /// <summary>The issuer and authority, e.g. http://127.0.0.1:43121.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>Claims of whoever signs in next (besides iss, aud, sub, iat, exp, nonce).</summary>
    public JsonObject NextUser { get; set; } = new() { ["sub"] = "user-1", ["preferred_username"] = "ada" };

    /// <summary>Sign id_tokens with a key the JWKS does not publish (a relying party must refuse them).</summary>
    public bool SignWithUnpublishedKey { get; set; }

    /// <summary>Token requests refused (wrong secret, code or verifier), for assertions.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<OpenIdProviderStandIn> StartAsync(string clientId = "postpurchase-studio", string clientSecret = "test-client-secret")
    {
        var provider = new OpenIdProviderStandIn(clientId, clientSecret);
        (provider._app, provider.Issuer) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new JsonObject
            {
                ["issuer"] = provider.Issuer,
                ["authorization_endpoint"] = provider.Issuer + "/authorize",
                ["token_endpoint"] = provider.Issuer + "/token",
                ["jwks_uri"] = provider.Issuer + "/jwks",
                ["response_types_supported"] = new JsonArray("code"),
                ["response_modes_supported"] = new JsonArray("query"),
                ["subject_types_supported"] = new JsonArray("public"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["code_challenge_methods_supported"] = new JsonArray("S256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "client_secret_basic"),
            }));
            app.MapGet("/jwks", () =>
            {
                var parameters = provider._key.ExportParameters(false);
                return Results.Json(new JsonObject
                {
                    ["keys"] = new JsonArray(new JsonObject
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = KeyId,
                        ["n"] = Base64Url(parameters.Modulus!), ["e"] = Base64Url(parameters.Exponent!),
                    }),
                });
            });
            app.MapGet("/authorize", (HttpRequest request) => provider.Authorize(request));
            app.MapPost("/token", provider.TokenAsync);
        });
        return provider;
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256")
            return Results.BadRequest(new { error = "invalid_request" });
        var code = Base64Url(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new Grant(query["redirect_uri"]!, query["nonce"].ToString(), query["code_challenge"]!, NextUser.DeepClone().AsObject());
        var separator = query["redirect_uri"].ToString().Contains('?') ? '&' : '?';
        return Results.Redirect($"{query["redirect_uri"]}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"].ToString())}&iss={Uri.EscapeDataString(Issuer)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        if (request.Headers.Authorization.ToString() is { Length: > 6 } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
            (clientId, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        if (clientId != ClientId || secret != ClientSecret) return Refuse("invalid_client");
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)) return Refuse("invalid_grant");
        if (form["redirect_uri"] != grant.RedirectUri) return Refuse("invalid_grant: redirect_uri");
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (challenge != grant.CodeChallenge) return Refuse("invalid_grant: code_verifier");

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = grant.Claims;
        claims["iss"] = Issuer;
        claims["aud"] = ClientId;
        claims["iat"] = now;
        claims["exp"] = now + 300;
        if (grant.Nonce.Length > 0) claims["nonce"] = grant.Nonce;
        return Results.Json(new JsonObject
        {
            ["access_token"] = Base64Url(RandomNumberGenerator.GetBytes(24)), ["token_type"] = "Bearer", ["expires_in"] = 300, ["id_token"] = Sign(claims),
        });
    }

    private IResult Refuse(string error)
    {
        Refusals.Enqueue(error);
        return Results.Json(new { error }, statusCode: 400);
    }

    /// <summary>An RS256 JWS (RFC 7515 compact form) of the claims.</summary>
    public string Sign(JsonObject claims)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", kid = KeyId, typ = "JWT" }));
        var payload = Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = (SignWithUnpublishedKey ? _unpublished : _key).SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Base64Url(signature);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
        _unpublished.Dispose();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Grant(string RedirectUri, string Nonce, string CodeChallenge, JsonObject Claims);
}
