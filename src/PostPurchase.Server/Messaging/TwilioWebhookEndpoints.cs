using PostPurchase.Messaging;
using PostPurchase.Messaging.Sms;

namespace PostPurchase.Server.Messaging;

/// <summary>
/// Twilio's webhooks. The signature covers the URL Twilio called, so it is rebuilt from <c>PublicBaseUrl</c> (what is
/// configured at Twilio) rather than from the request, which a proxy may have rewritten.
/// </summary>
internal static class TwilioWebhookEndpoints
{
    public static void MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/twilio/inbound", async (HttpContext http, TwilioWebhookHandler handler, MessagingSettings settings, CancellationToken cancellationToken) =>
        {
            if (!http.Request.HasFormContentType) return Results.BadRequest("Expected a form post.");
            var form = await ReadFormAsync(http, cancellationToken);
            var outcome = await handler.HandleInboundAsync(PublicUrl(http, settings), form, http.Request.Headers["X-Twilio-Signature"], cancellationToken);
            // An empty TwiML response: Twilio itself confirms STOP/START to the sender.
            return outcome == WebhookOutcome.BadSignature
                ? Results.StatusCode(StatusCodes.Status403Forbidden)
                : Results.Content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", "text/xml");
        }).DisableAntiforgery();

        app.MapPost("/webhooks/twilio/status", async (HttpContext http, TwilioWebhookHandler handler, MessagingSettings settings, CancellationToken cancellationToken) =>
        {
            if (!http.Request.HasFormContentType) return Results.BadRequest("Expected a form post.");
            var form = await ReadFormAsync(http, cancellationToken);
            var outcome = await handler.HandleStatusAsync(PublicUrl(http, settings), form, http.Request.Headers["X-Twilio-Signature"], cancellationToken);
            return outcome == WebhookOutcome.BadSignature ? Results.StatusCode(StatusCodes.Status403Forbidden) : Results.NoContent();
        }).DisableAntiforgery();
    }

    private static string PublicUrl(HttpContext http, MessagingSettings settings) =>
        settings.PublicBaseUrl + http.Request.PathBase + http.Request.Path + http.Request.QueryString;

    private static async Task<IReadOnlyList<KeyValuePair<string, string>>> ReadFormAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        return form.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
    }
}
