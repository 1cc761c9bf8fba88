using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PostPurchase.Commerce.Activities;
using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Discounts;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Verification;
using PostPurchase.Workflows;

namespace PostPurchase.Server.Webhooks;

/// <summary>Purchase webhooks (Stripe, PayPal, Shopify, Standard Webhooks) and the PurchaseTrigger activity.</summary>
public static class CommerceSetup
{
    public static WebApplicationBuilder AddCommerce(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<StripeOptions>(builder.Configuration.GetSection(StripeOptions.Section));
        services.Configure<PayPalOptions>(builder.Configuration.GetSection(PayPalOptions.Section));
        services.Configure<ShopifyOptions>(builder.Configuration.GetSection(ShopifyOptions.Section));
        services.Configure<GenericWebhookOptions>(builder.Configuration.GetSection(GenericWebhookOptions.Section));
        if (builder.Configuration.GetValue("Webhooks:GenerateSecret", true))
            services.AddOptions<GenericWebhookOptions>().PostConfigure<Hosting.ServerSettings, ILoggerFactory>((options, settings, logs) =>
            {
                if (string.IsNullOrWhiteSpace(options.Secret))
                    options.Secret = GeneratedWebhookSecret.LoadOrCreate(settings.DataDirectory, logs.CreateLogger(typeof(GeneratedWebhookSecret)));
            });

        services.AddActivitiesFrom(typeof(PurchaseTrigger).Assembly);
        services.TryAddSingleton(RealTime.System);
        services.TryAddSingleton<InMemoryInboxStore>();
        services.TryAddSingleton<IInboxStore>(sp => sp.GetRequiredService<InMemoryInboxStore>());
        services.TryAddSingleton<ICustomerHistory, InMemoryCustomerHistory>();
        services.TryAddSingleton<WebhookIngestion>();

        services.AddHttpClient(nameof(PayPalWebhookVerifier), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(nameof(StripeLineItemsClient), c => c.Timeout = TimeSpan.FromSeconds(3));
        services.AddHttpClient(nameof(StripePromotionCodes), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<IDiscountCodes>(sp => new StripePromotionCodes(Http(sp, nameof(StripePromotionCodes)), sp.GetRequiredService<IOptions<StripeOptions>>().Value));
        services.TryAddSingleton(sp => new PayPalAccessTokens(
            Http(sp, nameof(PayPalWebhookVerifier)), sp.GetRequiredService<IOptions<PayPalOptions>>().Value, sp.GetRequiredService<RealTime>()));
        services.TryAddSingleton(sp => new PayPalWebhookVerifier(
            Http(sp, nameof(PayPalWebhookVerifier)), sp.GetRequiredService<PayPalAccessTokens>(), sp.GetRequiredService<IOptions<PayPalOptions>>().Value));
        services.TryAddSingleton(sp =>
        {
            var stripe = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            var lineItems = string.IsNullOrWhiteSpace(stripe.ApiKey) ? null : new StripeLineItemsClient(Http(sp, nameof(StripeLineItemsClient)), stripe);
            return new StripeEventNormalizer(lineItems, sp.GetRequiredService<ILogger<StripeEventNormalizer>>());
        });
        services.TryAddSingleton(sp => new ShopifyEventNormalizer(sp.GetRequiredService<IOptions<ShopifyOptions>>().Value.StartOnOrderCreate));
        services.TryAddSingleton<PayPalEventNormalizer>();
        services.TryAddSingleton<GenericEventNormalizer>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        LogDisabledProviders(app.ServiceProvider);
        var webhooks = app.MapGroup("/webhooks").DisableAntiforgery();
        webhooks.MapPost("/stripe", StripeWebhook.HandleAsync);
        webhooks.MapPost("/paypal", PayPalWebhook.HandleAsync);
        webhooks.MapPost("/shopify", ShopifyWebhook.HandleAsync);
        webhooks.MapPost("/purchase", PurchaseWebhook.HandleAsync);
        return app;
    }

    private static HttpClient Http(IServiceProvider services, string name) => services.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    private static void LogDisabledProviders(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PostPurchase.Webhooks");
        var stripe = services.GetRequiredService<IOptions<StripeOptions>>().Value;
        var paypal = services.GetRequiredService<IOptions<PayPalOptions>>().Value;
        var shopify = services.GetRequiredService<IOptions<ShopifyOptions>>().Value;
        var generic = services.GetRequiredService<IOptions<GenericWebhookOptions>>().Value;

        Report(logger, "/webhooks/stripe", !string.IsNullOrWhiteSpace(stripe.WebhookSecret), "Stripe__WebhookSecret");
        Report(logger, "/webhooks/paypal", paypal.IsConfigured, "PayPal__ClientId, PayPal__ClientSecret and PayPal__WebhookId");
        Report(logger, "/webhooks/shopify", !string.IsNullOrWhiteSpace(shopify.WebhookSecret), "Shopify__WebhookSecret");
        Report(logger, "/webhooks/purchase", !string.IsNullOrWhiteSpace(generic.Secret), "Webhooks__Secret");

        // A malformed secret stops start-up with a message naming the setting instead of failing every delivery.
        if (!string.IsNullOrWhiteSpace(generic.Secret)) StandardWebhookVerifier.DecodeSecret(generic.Secret);
        if (!string.IsNullOrWhiteSpace(stripe.ApiKey)) logger.LogInformation("Stripe line items are fetched from {BaseUrl}", stripe.BaseUrl);
    }

    private static void Report(ILogger logger, string endpoint, bool enabled, string settings)
    {
        if (enabled) logger.LogInformation("Webhook endpoint {Endpoint} enabled", endpoint);
        else logger.LogInformation("Webhook endpoint {Endpoint} disabled: {Settings} not configured", endpoint, settings);
    }
}
