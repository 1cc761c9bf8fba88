using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PostPurchase.TestSupport.Commerce;

/// <summary>
/// PayPal's REST API on loopback: <c>POST /v1/oauth2/token</c> (client credentials, Basic auth) and
/// <c>POST /v1/notifications/verify-webhook-signature</c>. A delivery verifies when its transmission signature is
/// one the test registered with <see cref="Sign"/> for exactly that webhook id and event body, like PayPal's
/// server-side check of the signature it created.
/// </summary>
public sealed class PayPalApiStandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (string WebhookId, string EventJson)> _signatures = new();
    private WebApplication? _app;
    private int _tokenCounter;

    public PayPalApiStandIn(string clientId, string clientSecret, int tokenLifetimeSeconds = 32400)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        TokenLifetimeSeconds = tokenLifetimeSeconds;
    }

    public string ClientId { get; }
    public string ClientSecret { get; }
    public int TokenLifetimeSeconds { get; }
    public string BaseUrl { get; private set; } = "";
    public int TokenRequests => _tokenCounter;
    public ConcurrentQueue<JsonDocument> VerifyRequests { get; } = new();
    public ConcurrentBag<string> IssuedTokens { get; } = new();

    /// <summary>Answers every verify call with this HTTP status instead (e.g. 500 to simulate an outage).</summary>
    public int? FailVerifyWith { get; set; }

    public async Task StartAsync()
    {
        (_app, BaseUrl) = await LoopbackServer.StartAsync(routes =>
        {
            routes.MapPost("/v1/oauth2/token", Token);
            routes.MapPost("/v1/notifications/verify-webhook-signature", (Delegate)Verify);
        });
    }

    /// <summary>Registers a transmission PayPal would have signed and returns its headers.</summary>
    public Dictionary<string, string> Sign(string webhookId, string eventJson)
    {
        var transmissionId = Guid.NewGuid().ToString();
        var signature = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());
        _signatures[signature] = (webhookId, eventJson);
        return new Dictionary<string, string>
        {
            ["PAYPAL-TRANSMISSION-ID"] = transmissionId,
            ["PAYPAL-TRANSMISSION-TIME"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["PAYPAL-TRANSMISSION-SIG"] = signature,
            ["PAYPAL-CERT-URL"] = $"{BaseUrl}/v1/notifications/certs/CERT-standin",
            ["PAYPAL-AUTH-ALGO"] = "SHA256withRSA",
        };
    }

    private IResult Token(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
            return Results.Json(new { error = "invalid_client", error_description = "Client Authentication failed" }, statusCode: 401);
        if (context.Request.Form["grant_type"] != "client_credentials")
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        var token = $"A21AA-standin-{Interlocked.Increment(ref _tokenCounter)}";
        IssuedTokens.Add(token);
        return Results.Json(new { scope = "https://uri.paypal.com/services/applications/verify-webhook-signature", access_token = token, token_type = "Bearer", app_id = "APP-80W284485P519543T", expires_in = TokenLifetimeSeconds, nonce = "standin" });
    }

    private async Task<IResult> Verify(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !IssuedTokens.Contains(authorization["Bearer ".Length..]))
            return Results.Json(new { error = "invalid_token" }, statusCode: 401);
        if (FailVerifyWith is { } status) return Results.StatusCode(status);

        var request = await JsonDocument.ParseAsync(context.Request.Body);
        VerifyRequests.Enqueue(request);
        var root = request.RootElement;
        foreach (var field in new[] { "auth_algo", "cert_url", "transmission_id", "transmission_sig", "transmission_time", "webhook_id" })
            if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
                return Results.Json(new { name = "VALIDATION_ERROR", message = $"{field} is required" }, statusCode: 400);
        if (!root.TryGetProperty("webhook_event", out var webhookEvent) || webhookEvent.ValueKind != JsonValueKind.Object)
            return Results.Json(new { name = "VALIDATION_ERROR", message = "webhook_event is required" }, statusCode: 400);

        var ok = _signatures.TryGetValue(root.GetProperty("transmission_sig").GetString()!, out var signed)
            && signed.WebhookId == root.GetProperty("webhook_id").GetString()
            && signed.EventJson == webhookEvent.GetRawText();
        return Results.Json(new { verification_status = ok ? "SUCCESS" : "FAILURE" });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
