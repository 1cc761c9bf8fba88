namespace PostPurchase.Commerce.Configuration;

/// <summary>Settings of the <c>Stripe</c> section.</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>The endpoint's signing secret (whsec_…). Without it <c>/webhooks/stripe</c> is disabled.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Secret API key; when set, checkout line items are fetched from Stripe's API.</summary>
    public string? ApiKey { get; set; }

    public string BaseUrl { get; set; } = "https://api.stripe.com";
    public int ToleranceSeconds { get; set; } = 300;

    /// <summary>A Stripe coupon; with <see cref="ApiKey"/> the journey creates single-use promotion codes for it.</summary>
    public string? CouponId { get; set; }
}

/// <summary>Settings of the <c>PayPal</c> section.</summary>
public sealed class PayPalOptions
{
    public const string Section = "PayPal";

    public string BaseUrl { get; set; } = "https://api-m.paypal.com";
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The id PayPal gave the webhook subscription; it is part of what PayPal signs.</summary>
    public string? WebhookId { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret) && !string.IsNullOrWhiteSpace(WebhookId);
}

/// <summary>Settings of the <c>Shopify</c> section.</summary>
public sealed class ShopifyOptions
{
    public const string Section = "Shopify";

    /// <summary>The app's client secret (used as the HMAC key). Without it <c>/webhooks/shopify</c> is disabled.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Also start journeys on <c>orders/create</c> (default: only <c>orders/paid</c>).</summary>
    public bool StartOnOrderCreate { get; set; }
}

/// <summary>Settings of the <c>Webhooks</c> section (the generic Standard Webhooks endpoint).</summary>
public sealed class GenericWebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The signing secret, <c>whsec_</c> followed by base64. Without it <c>/webhooks/purchase</c> is disabled.</summary>
    public string? Secret { get; set; }

    public int ToleranceSeconds { get; set; } = 300;
}
