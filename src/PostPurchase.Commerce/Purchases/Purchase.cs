using PostPurchase.Workflows.Money;

namespace PostPurchase.Commerce.Purchases;

/// <summary>
/// One purchase, normalised from any provider. It is the input of every post-purchase journey
/// (<c>purchase</c> in the workflow input; templates read it as <c>{{ Purchase.Customer.FirstName }}</c>).
/// Amounts are integer ISO 4217 minor units of <see cref="Currency"/> (exponents from <see cref="Currencies"/>:
/// 1234 USD is 12.34, 1234 JPY is 1,234, 12340 KWD is 12.340).
/// </summary>
public sealed record Purchase
{
    /// <summary>stripe, paypal, shopify or generic.</summary>
    public required string Provider { get; init; }

    /// <summary>The order's id at the provider; the journey's correlation id (refunds find the journey by it).</summary>
    public required string OrderId { get; init; }

    public string? ProviderEventId { get; init; }
    public string? ProviderCustomerId { get; init; }
    public required Customer Customer { get; init; }
    public IReadOnlyList<PurchaseItem> Items { get; init; } = [];
    public long TotalMinor { get; init; }
    public string Currency { get; init; } = "USD";
    public DateTimeOffset PurchasedAt { get; init; }

    /// <summary>Orders this customer placed before this one (from our own records).</summary>
    public int PreviousOrderCount { get; init; }

    /// <summary>What the customer spent before this order, in minor units of <see cref="Currency"/>.</summary>
    public long LifetimeValueMinor { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The total in the currency's major unit (12340 KWD → 12.340).</summary>
    public decimal Total => Currencies.ToDecimal(TotalMinor, Currency);
}

public sealed record Customer
{
    public string? Email { get; init; }
    public string? Name { get; init; }

    /// <summary>E.164 (e.g. +14155550100) when known.</summary>
    public string? Phone { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country of the shipping (else billing) address when known, e.g. GB.</summary>
    public string? Country { get; init; }

    /// <summary>IANA time zone (e.g. Europe/Berlin) when known.</summary>
    public string? TimeZone { get; init; }

    /// <summary>BCP 47 locale (e.g. de-DE) when known.</summary>
    public string? Locale { get; init; }

    /// <summary>Explicit marketing-email consent from the provider; null when the provider said nothing.</summary>
    public bool? MarketingConsent { get; init; }

    /// <summary>SMS consent (opt-in): true only when the provider recorded it.</summary>
    public bool SmsConsent { get; init; }

    public string? FirstName => string.IsNullOrWhiteSpace(Name) ? null : Name.Trim().Split(' ', 2)[0];
}

public sealed record PurchaseItem
{
    public string? Sku { get; init; }
    public string? PriceId { get; init; }
    public string? VariantId { get; init; }
    public string? ProductId { get; init; }
    public required string Name { get; init; }
    public int Quantity { get; init; } = 1;
    public long UnitPriceMinor { get; init; }
}
