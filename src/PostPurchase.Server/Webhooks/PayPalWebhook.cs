using Microsoft.Extensions.Options;
using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Verification;

namespace PostPurchase.Server.Webhooks;

/// <summary>
/// <c>POST /webhooks/paypal</c>: verified by PayPal's verify-webhook-signature API (401 when PayPal says FAILURE;
/// 503 when PayPal cannot be asked, so PayPal retries the delivery later).
/// </summary>
internal static class PayPalWebhook
{
    public static async Task<IResult> HandleAsync(
        HttpRequest request, IOptions<PayPalOptions> options, PayPalWebhookVerifier verifier, PayPalEventNormalizer normalizer,
        WebhookIngestion ingestion, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured) return Results.NotFound();
        var logger = loggers.CreateLogger("PostPurchase.Webhooks.PayPal");

        var body = await WebhookRequest.ReadBodyAsync(request, cancellationToken);
        if (body is null) return WebhookRequest.TooLarge();
        var headers = request.Headers;
        var transmission = new PayPalTransmission(
            headers["PAYPAL-TRANSMISSION-ID"], headers["PAYPAL-TRANSMISSION-TIME"], headers["PAYPAL-TRANSMISSION-SIG"],
            headers["PAYPAL-CERT-URL"], headers["PAYPAL-AUTH-ALGO"]);

        SignatureCheck check;
        try
        {
            check = await verifier.VerifyAsync(transmission, body, cancellationToken);
        }
        catch (Exception ex) when (ex is PayPalApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError("PayPal signature verification unavailable: {Error}", ex.Message);
            return Results.Problem("PayPal could not be asked to verify this delivery; retry later.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!check.IsValid) return WebhookRequest.Rejected(logger, "paypal", check.Failure!, StatusCodes.Status401Unauthorized);

        try
        {
            var (eventId, webhookEvent) = normalizer.Normalize(body);
            return WebhookRequest.Answer(await ingestion.IngestAsync(PayPalEventNormalizer.Provider, eventId, webhookEvent, cancellationToken));
        }
        catch (MalformedWebhookException ex)
        {
            return WebhookRequest.Malformed(logger, "paypal", ex.Message);
        }
    }
}
