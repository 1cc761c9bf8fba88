namespace PostPurchase.Commerce.Purchases;

/// <summary>
/// One purchase, normalised from any provider. It is the input of every post-purchase journey
/// (<c>purchase</c> in the workflow input; templates read it as <c>{{ Purchase.Customer.FirstName }}</c>).
/// Amounts are integer minor units (cents) with an ISO 4217 currency code.
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

    public decimal Total => MinorUnits.ToDecimal(TotalMinor, Currency);
}

public sealed record Customer
{
    public string? Email { get; init; }
    public string? Name { get; init; }

    /// <summary>E.164 (e.g. +14155550100) when known.</summary>
    public string? Phone { get; init; }

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

public static class MinorUnits
{
    private static readonly HashSet<string> ZeroDecimal =
        new(StringComparer.OrdinalIgnoreCase) { "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF" };

    public static int Decimals(string currency) => ZeroDecimal.Contains(currency) ? 0 : 2;

    public static decimal ToDecimal(long minor, string currency) => minor / (decimal)Math.Pow(10, Decimals(currency));

    public static long FromDecimal(decimal amount, string currency) => (long)Math.Round(amount * (decimal)Math.Pow(10, Decimals(currency)), MidpointRounding.AwayFromZero);
}
