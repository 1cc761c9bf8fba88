using Microsoft.Extensions.Options;
using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Verification;

namespace PostPurchase.Server.Webhooks;

/// <summary><c>POST /webhooks/shopify</c>: verified with <c>X-Shopify-Hmac-Sha256</c> (401 when wrong), deduplicated on <c>X-Shopify-Webhook-Id</c>.</summary>
internal static class ShopifyWebhook
{
    public static async Task<IResult> HandleAsync(
        HttpRequest request, IOptions<ShopifyOptions> options, ShopifyEventNormalizer normalizer,
        WebhookIngestion ingestion, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.WebhookSecret)) return Results.NotFound();
        var logger = loggers.CreateLogger("PostPurchase.Webhooks.Shopify");

        var body = await WebhookRequest.ReadBodyAsync(request, cancellationToken);
        if (body is null) return WebhookRequest.TooLarge();
        var check = new ShopifyHmacVerifier(settings.WebhookSecret).Verify(Header(request, "X-Shopify-Hmac-Sha256", "shopify-hmac-sha256"), body);
        if (!check.IsValid) return WebhookRequest.Rejected(logger, "shopify", check.Failure!, StatusCodes.Status401Unauthorized);

        var topic = Header(request, "X-Shopify-Topic", "shopify-topic");
        var webhookId = Header(request, "X-Shopify-Webhook-Id", "shopify-webhook-id");
        if (topic is null || webhookId is null)
            return WebhookRequest.Malformed(logger, "shopify", "X-Shopify-Topic and X-Shopify-Webhook-Id are required.");

        try
        {
            var webhookEvent = normalizer.Normalize(topic, body);
            return WebhookRequest.Answer(await ingestion.IngestAsync(ShopifyEventNormalizer.Provider, webhookId, webhookEvent, cancellationToken));
        }
        catch (MalformedWebhookException ex)
        {
            return WebhookRequest.Malformed(logger, "shopify", ex.Message);
        }
    }

    /// <summary>Classic deliveries use the X- names; Shopify's newer event deliveries drop the prefix.</summary>
    private static string? Header(HttpRequest request, string name, string alternative) =>
        request.Headers[name] is { Count: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.ToString()
        : request.Headers[alternative] is { Count: > 0 } other && !string.IsNullOrWhiteSpace(other) ? other.ToString()
        : null;
}
