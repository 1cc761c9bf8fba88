using Microsoft.Extensions.Options;
using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Verification;

namespace PostPurchase.Server.Webhooks;

/// <summary><c>POST /webhooks/purchase</c>: our own body (docs/webhooks.md), signed the Standard Webhooks way; bad signatures answer 400.</summary>
internal static class PurchaseWebhook
{
    public static async Task<IResult> HandleAsync(
        HttpRequest request, IOptions<GenericWebhookOptions> options, RealTime realTime, GenericEventNormalizer normalizer,
        WebhookIngestion ingestion, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Secret)) return Results.NotFound();
        var logger = loggers.CreateLogger("PostPurchase.Webhooks.Purchase");

        var body = await WebhookRequest.ReadBodyAsync(request, cancellationToken);
        if (body is null) return WebhookRequest.TooLarge();
        var id = request.Headers["webhook-id"].ToString();
        var check = new StandardWebhookVerifier(settings.Secret, TimeSpan.FromSeconds(settings.ToleranceSeconds), realTime)
            .Verify(id, request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body);
        if (!check.IsValid) return WebhookRequest.Rejected(logger, "generic", check.Failure!, StatusCodes.Status400BadRequest);

        try
        {
            var webhookEvent = normalizer.Normalize(id, body);
            return WebhookRequest.Answer(await ingestion.IngestAsync(GenericEventNormalizer.Provider, id, webhookEvent, cancellationToken));
        }
        catch (MalformedWebhookException ex)
        {
            return WebhookRequest.Malformed(logger, "generic", ex.Message);
        }
    }
}
