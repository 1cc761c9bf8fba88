namespace PostPurchase.Commerce.Catalog;

public enum ProductKind
{
    Digital,
    Physical,
    Service,
}

/// <summary>One product as the journey describes it: what it is, how the customer gets it, what to tell them next.</summary>
public sealed record CatalogProduct
{
    /// <summary>Our own key (also used in signed download links).</summary>
    public required string Id { get; init; }

    /// <summary>Identifiers that select this product: SKUs, Stripe price ids, Shopify variant ids, product ids.</summary>
    public IReadOnlyList<string> Matches { get; init; } = [];

    public required string Name { get; init; }
    public ProductKind Kind { get; init; } = ProductKind.Digital;

    /// <summary>Digital goods: the download or member-area address (the email carries a signed, expiring link to it).</summary>
    public string? DeliveryUrl { get; init; }

    /// <summary>What happens next (services), or how the goods reach the customer (physical), in Markdown.</summary>
    public string? DeliveryText { get; init; }

    /// <summary>Physical goods: expected days from purchase to delivery.</summary>
    public int? ExpectedDeliveryDays { get; init; }

    /// <summary>Markdown for the onboarding email.</summary>
    public string? OnboardingTips { get; init; }

    /// <summary>The <see cref="Id"/> of the product to offer next.</summary>
    public string? CrossSell { get; init; }

    /// <summary>Where the product page is (for the cross-sell offer).</summary>
    public string? ProductUrl { get; init; }

    /// <summary>The public page where happy customers leave a review.</summary>
    public string? ReviewUrl { get; init; }
}

/// <summary>The catalogue file (<c>workflows/catalog.json</c>): products plus the copy used for unknown items.</summary>
public sealed record CatalogDocument
{
    public IReadOnlyList<CatalogProduct> Products { get; init; } = [];
    public CatalogProduct? Default { get; init; }
}
