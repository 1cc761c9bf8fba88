namespace PostPurchase.Server.Webhooks;

/// <summary>Purchase webhooks (Stripe, PayPal, Shopify, Standard Webhooks) and the PurchaseTrigger activity.</summary>
public static class CommerceSetup
{
    public static WebApplicationBuilder AddCommerce(this WebApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app) => app;
}
