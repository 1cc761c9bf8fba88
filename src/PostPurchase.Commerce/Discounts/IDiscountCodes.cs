namespace PostPurchase.Commerce.Discounts;

/// <summary>Creates single-use discount codes at the payment provider.</summary>
public interface IDiscountCodes
{
    /// <summary>False when no provider is configured: callers use their configured code instead.</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// Creates <paramref name="code"/>, redeemable once until <paramref name="expiresAt"/>. The same
    /// <paramref name="idempotencyKey"/> never creates a second code (a retried step gets the first one back).
    /// </summary>
    Task<string> CreateSingleUseAsync(string code, DateTimeOffset expiresAt, string idempotencyKey, CancellationToken cancellationToken);
}
