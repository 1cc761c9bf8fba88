using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Providers;
using Stripe;

namespace PostPurchase.Commerce.Discounts;

/// <summary>
/// Single-use promotion codes for <c>Stripe__CouponId</c> through Stripe.net (<c>POST /v1/promotion_codes</c> with
/// <c>promotion[type]=coupon</c>, <c>promotion[coupon]</c>, <c>max_redemptions=1</c>), sent with Stripe's
/// <c>Idempotency-Key</c> so a retried step never creates a second code.
/// </summary>
public sealed class StripePromotionCodes(HttpClient http, StripeOptions options) : IDiscountCodes
{
    private readonly PromotionCodeService? _service =
        string.IsNullOrWhiteSpace(options.ApiKey) ? null : new PromotionCodeService(StripeApi.Client(options, http, maxNetworkRetries: 2));

    public bool IsConfigured => _service is not null && !string.IsNullOrWhiteSpace(options.CouponId);

    /// <exception cref="HttpRequestException">Stripe could not be reached, timed out or refused the code.</exception>
    public async Task<string> CreateSingleUseAsync(string code, DateTimeOffset expiresAt, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (!IsConfigured) throw new InvalidOperationException("Stripe__ApiKey and Stripe__CouponId are needed to create promotion codes.");
        var create = new PromotionCodeCreateOptions
        {
            Promotion = new PromotionCodePromotionOptions { Type = "coupon", Coupon = options.CouponId },
            Code = code,
            MaxRedemptions = 1,
            ExpiresAt = expiresAt.UtcDateTime,
        };
        var created = await StripeApi.CallAsync("promotion_codes",
            () => _service!.CreateAsync(create, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken), cancellationToken);
        return created.Code is { Length: > 0 } value ? value : throw new HttpRequestException("Stripe's promotion code has no code.");
    }
}
