using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PostPurchase.Commerce.Configuration;

namespace PostPurchase.Commerce.Verification;

/// <summary>An OAuth client-credentials token for PayPal's REST API, fetched from <c>/v1/oauth2/token</c> and reused until shortly before it expires.</summary>
public sealed class PayPalAccessTokens(HttpClient http, PayPalOptions options, RealTime realTime)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expiresAt;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_token is { } current && realTime.UtcNow < _expiresAt) return current;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } fresh && realTime.UtcNow < _expiresAt) return fresh;
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.BaseUrl.TrimEnd('/')}/v1/oauth2/token")
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
            };
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new PayPalApiException($"PayPal token request answered {(int)response.StatusCode}.");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var token = body.RootElement.TryGetProperty("access_token", out var t) ? t.GetString() : null;
            if (string.IsNullOrEmpty(token)) throw new PayPalApiException("PayPal token response had no access_token.");
            var lifetime = body.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? TimeSpan.FromSeconds(s) : TimeSpan.FromMinutes(5);
            _token = token;
            _expiresAt = realTime.UtcNow + (lifetime > RefreshMargin * 2 ? lifetime - RefreshMargin : lifetime / 2);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the token (after PayPal rejected it) so the next call fetches a new one.</summary>
    public void Invalidate() => _token = null;
}

/// <summary>PayPal's API could not be reached or answered unexpectedly; the webhook should be retried later.</summary>
public sealed class PayPalApiException(string message) : Exception(message);
