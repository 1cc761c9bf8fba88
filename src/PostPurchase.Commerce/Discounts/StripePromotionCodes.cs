using System.Net.Http.Headers;
using System.Text.Json;
using PostPurchase.Commerce.Configuration;

namespace PostPurchase.Commerce.Discounts;

/// <summary>
/// Single-use promotion codes for <c>Stripe__CouponId</c> through <c>POST /v1/promotion_codes</c>, sent with Stripe's
/// <c>Idempotency-Key</c> header so a retried step never creates a second code.
/// </summary>
public sealed class StripePromotionCodes(HttpClient http, StripeOptions options) : IDiscountCodes
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.ApiKey) && !string.IsNullOrWhiteSpace(options.CouponId);

    public async Task<string> CreateSingleUseAsync(string code, DateTimeOffset expiresAt, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (!IsConfigured) throw new InvalidOperationException("Stripe__ApiKey and Stripe__CouponId are needed to create promotion codes.");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.BaseUrl.TrimEnd('/')}/v1/promotion_codes")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["coupon"] = options.CouponId!,
                ["code"] = code,
                ["max_redemptions"] = "1",
                ["expires_at"] = expiresAt.ToUnixTimeSeconds().ToString(),
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Stripe promotion_codes answered {(int)response.StatusCode}.", null, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return body.RootElement.TryGetProperty("code", out var created) && created.GetString() is { Length: > 0 } value
            ? value
            : throw new HttpRequestException("Stripe's promotion code has no code.");
    }
}
