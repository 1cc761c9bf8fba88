using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tracking;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Messaging.Sms;

public enum WebhookOutcome
{
    Handled,
    Ignored,
    BadSignature,
}

/// <summary>
/// Twilio's inbound-message and status-callback webhooks: opt-out and opt-in keywords (<see cref="SmsKeywords"/>)
/// update the suppression list, HELP is answered (<see cref="SmsHelpReply"/>), delivery reports update the send record. The signature is checked before anything changes.
/// </summary>
public sealed class TwilioWebhookHandler(
    TwilioSettings twilio, IConsentStore consent, ISendRecordStore records, EngagementRecorder engagement, SmsHelpReply help, TimeProvider clock,
    ILogger<TwilioWebhookHandler> logger)
{
    /// <param name="url">The full URL Twilio posted to, as configured at Twilio (PublicBaseUrl + path + query).</param>
    public async Task<WebhookOutcome> HandleInboundAsync(string url, IReadOnlyList<KeyValuePair<string, string>> form, string? signature, CancellationToken cancellationToken)
    {
        if (!SignatureOk(url, form, signature)) return WebhookOutcome.BadSignature;
        var from = Value(form, "From");
        if (from is null) return WebhookOutcome.Ignored;

        // Twilio's own keyword handling (Advanced Opt-Out) names the kind; otherwise we read the body ourselves. When it
        // names HELP, Twilio has already sent the configured help text: answering too would text the customer twice.
        var (keyword, word) = Value(form, "OptOutType")?.Trim().ToUpperInvariant() switch
        {
            "STOP" => (SmsKeyword.OptOut, "STOP"),
            "START" => (SmsKeyword.OptIn, "START"),
            "HELP" => (SmsKeyword.None, "HELP"),
            _ => SmsKeywords.Classify(Value(form, "Body")),
        };

        switch (keyword)
        {
            case SmsKeyword.OptOut or SmsKeyword.OptIn:
                var status = keyword == SmsKeyword.OptOut ? ConsentStatus.OptedOut : ConsentStatus.OptedIn;
                await consent.RecordAsync(new ConsentChange(Channel.Sms, from.Trim(), status, $"sms:{word}", clock.GetUtcNow()), cancellationToken);
                logger.LogInformation("SMS keyword {Keyword} from {From}: now {Status}", word, Addresses.Mask(from), status);
                return WebhookOutcome.Handled;
            case SmsKeyword.Help when (Value(form, "MessageSid") ?? Value(form, "SmsSid")) is { } sid:
                var reply = await help.SendAsync(from.Trim(), sid, clock.GetUtcNow(), cancellationToken);
                logger.LogInformation("SMS keyword {Keyword} from {From}: help reply {Status}", word, Addresses.Mask(from), reply.Status);
                return WebhookOutcome.Handled;
            default:
                return WebhookOutcome.Ignored;
        }
    }

    public async Task<WebhookOutcome> HandleStatusAsync(string url, IReadOnlyList<KeyValuePair<string, string>> form, string? signature, CancellationToken cancellationToken)
    {
        if (!SignatureOk(url, form, signature)) return WebhookOutcome.BadSignature;
        var sid = Value(form, "MessageSid") ?? Value(form, "SmsSid");
        var status = Value(form, "MessageStatus") ?? Value(form, "SmsStatus");
        if (sid is null || status is null) return WebhookOutcome.Ignored;
        var errorCode = Value(form, "ErrorCode");
        var record = await records.UpdateDeliveryAsync(sid, status, errorCode, clock.GetUtcNow(), cancellationToken);
        await RecordDeliveryAsync(record, status, errorCode, cancellationToken);

        // Undeliverable numbers (30003 unreachable, 30005 unknown, 30006 landline) would fail again: suppress them.
        if (errorCode is "30005" or "30006" && Value(form, "To") is { } to)
            await consent.RecordAsync(new ConsentChange(Channel.Sms, to.Trim(), ConsentStatus.Bounced, $"twilio:{errorCode}", clock.GetUtcNow()), cancellationToken);
        return record is not null ? WebhookOutcome.Handled : WebhookOutcome.Ignored;
    }

    /// <summary>The final statuses go to the journey report (queued, sending and sent are steps on the way).</summary>
    private async Task RecordDeliveryAsync(SendRecord? record, string status, string? errorCode, CancellationToken cancellationToken)
    {
        var kind = status.ToLowerInvariant() switch
        {
            "delivered" or "read" => JourneyEventKinds.Delivered,
            "undelivered" or "failed" => JourneyEventKinds.Undelivered,
            _ => null,
        };
        if (kind is not null && record is not null) await engagement.DeliveryAsync(record, kind, errorCode, cancellationToken);
    }

    private bool SignatureOk(string url, IReadOnlyList<KeyValuePair<string, string>> form, string? signature)
    {
        if (twilio.AuthToken is null)
        {
            logger.LogWarning("Twilio webhook refused: Twilio__AuthToken is not set, so its signature cannot be checked");
            return false;
        }

        if (TwilioSignature.IsValid(twilio.AuthToken, url, form, signature)) return true;
        logger.LogWarning("Twilio webhook refused: X-Twilio-Signature does not match {Url}", url);
        return false;
    }

    private static string? Value(IReadOnlyList<KeyValuePair<string, string>> form, string key) =>
        form.FirstOrDefault(p => p.Key == key).Value;
}
