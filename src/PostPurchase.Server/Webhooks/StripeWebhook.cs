using Microsoft.Extensions.Options;
using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Verification;

namespace PostPurchase.Server.Webhooks;

/// <summary><c>POST /webhooks/stripe</c>: verified with <c>Stripe-Signature</c>; bad signatures answer 400.</summary>
internal static class StripeWebhook
{
    public static async Task<IResult> HandleAsync(
        HttpRequest request, IOptions<StripeOptions> options, RealTime realTime, StripeEventNormalizer normalizer,
        WebhookIngestion ingestion, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.WebhookSecret)) return Results.NotFound();
        var logger = loggers.CreateLogger("PostPurchase.Webhooks.Stripe");

        var body = await WebhookRequest.ReadBodyAsync(request, cancellationToken);
        if (body is null) return WebhookRequest.TooLarge();
        var check = new StripeSignatureVerifier(settings.WebhookSecret, TimeSpan.FromSeconds(settings.ToleranceSeconds), realTime)
            .Verify(request.Headers["Stripe-Signature"], body);
        if (!check.IsValid) return WebhookRequest.Rejected(logger, "stripe", check.Failure!, StatusCodes.Status400BadRequest);

        try
        {
            var (eventId, webhookEvent) = await normalizer.NormalizeAsync(body, cancellationToken);
            return WebhookRequest.Answer(await ingestion.IngestAsync(StripeEventNormalizer.Provider, eventId, webhookEvent, cancellationToken));
        }
        catch (MalformedWebhookException ex)
        {
            return WebhookRequest.Malformed(logger, "stripe", ex.Message);
        }
    }
}
