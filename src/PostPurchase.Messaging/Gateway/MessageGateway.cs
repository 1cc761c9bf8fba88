using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tracking;

namespace PostPurchase.Messaging.Gateway;

/// <summary>How the gateway should treat this try.</summary>
/// <param name="IsSimulation">Evaluate every rule but contact no provider and write nothing.</param>
/// <param name="IsFinalAttempt">A transient provider failure becomes <see cref="GatewayStatus.Failed"/> instead of an exception (which the engine retries).</param>
public sealed record SendOptions(bool IsSimulation = false, bool IsFinalAttempt = true);

/// <summary>
/// The one door every message goes through: suppression and consent, quiet hours, the marketing frequency cap, then
/// the provider call bracketed by a send record (written before, completed after) so a replay never sends twice.
/// </summary>
public sealed class MessageGateway(
    ISendRecordStore records,
    IConsentStore consent,
    IEmailSender email,
    ISmsSender sms,
    UnsubscribeService unsubscribe,
    MessagingSettings settings,
    ISimulationRecorder simulation,
    MessageTracking tracking,
    SenderIdentity sender,
    ILogger<MessageGateway> logger,
    EmailLayout? layout = null)
{
    /// <summary>How long a claim protects a send in progress; after it, the executor is presumed dead and another takes over.</summary>
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan ClaimPollInterval = TimeSpan.FromMilliseconds(200);

    public async Task<GatewayResult> SendAsync(OutgoingMessage message, DateTimeOffset now, SendOptions options, CancellationToken cancellationToken)
    {
        var result = await CheckRulesAsync(message, now, cancellationToken);
        if (options.IsSimulation)
        {
            var simulated = result ?? new GatewayResult(GatewayStatus.Sent, "simulated: nothing was sent");
            // The preview goes through the same layout as a real send (links untracked, no pixel).
            var preview = message.Channel == Channel.Email ? EmailFor(message, message.Body, null, now) : null;
            simulation.Record(new SimulatedMessage(message.Channel, message.Category, message.To, message.Subject, message.Body, simulated.Status, simulated.Reason, now, message.WorkflowInstanceId, message.ActivityId)
            {
                Html = preview is null ? null : layout?.Html(preview) ?? EmailComposer.Html(preview),
                Text = preview is null ? null : EmailComposer.PlainText(preview),
            });
            return simulated;
        }

        // A send that may go claims at once (a replay finds the completed record through the claim); only a send that
        // will not go looks for an earlier outcome first, so a replay reports what happened instead of overwriting it.
        var invalid = result is null ? InvalidSender(message) : null;
        if (result is not null || invalid is not null)
        {
            if (await records.FindAsync(message.IdempotencyKey, cancellationToken) is { Status: not SendStatus.Pending } done) return Replayed(done);
            if (result is { Status: GatewayStatus.Suppressed })
                await SaveAsync(message, SendStatus.Suppressed, now, now, detail: result.Reason, reasonClass: result.ReasonClass, cancellationToken: cancellationToken);
            if (result is not null) return result;
            await SaveAsync(message, SendStatus.Failed, now, now, detail: invalid, cancellationToken: cancellationToken);
            return new GatewayResult(GatewayStatus.Failed, invalid!);
        }

        // The claim goes in before the provider call. Another executor of the same step (a replica that took over an
        // expired lease) finds it and waits for the outcome instead of sending too. Only a crash between the provider
        // accepting the message and the record being completed makes a later try send once more: email with the same
        // Message-ID; an SMS only when Twilio does not list it (see FindAcceptedSmsAsync).
        var claim = await ClaimAsync(message, now, cancellationToken);
        if (claim.Replay is { } replay) return replay;

        DeliveryResult delivery;
        try
        {
            var tracked = await tracking.PrepareAsync(message, now, cancellationToken);
            delivery = await FindAcceptedSmsAsync(message, tracked, claim.InDoubtSince, cancellationToken)
                ?? await DeliverAsync(message, tracked, now, cancellationToken);
            if (message.Channel == Channel.Sms) message = message with { Body = tracked.Body };
        }
        catch
        {
            await ReleaseClaimAsync(message, now, claim.InDoubtSince);
            throw;
        }

        return await CompleteAsync(message, delivery, now, options, cancellationToken);
    }

    /// <summary>Null when the message may go now; otherwise why it is suppressed or until when it is deferred.</summary>
    private async Task<GatewayResult?> CheckRulesAsync(OutgoingMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await SuppressionAsync(message, cancellationToken) is { } suppression) return GatewayResult.Suppressed(suppression.Reason, suppression.Class);

        var due = now;
        var reasons = new List<string>();
        var classes = new List<string>();
        if (message.Category == MessageCategory.Marketing && settings.MarketingCapCount > 0)
        {
            var recipient = Addresses.Normalize(message.Channel, message.To!);
            var recent = (await records.ListRecentAsync(message.Channel, recipient, now - settings.MarketingCapWindow, cancellationToken))
                .Where(r => r.Category == MessageCategory.Marketing && r.Status is SendStatus.Sent or SendStatus.Pending && r.IdempotencyKey != message.IdempotencyKey)
                .Select(r => r.CreatedAt).Order().ToList();
            if (recent.Count >= settings.MarketingCapCount)
            {
                due = recent[recent.Count - settings.MarketingCapCount] + settings.MarketingCapWindow;
                reasons.Add($"frequency cap ({settings.MarketingCapCount} marketing {message.Channel} per {settings.MarketingCapWindow.TotalHours:0.##} h)");
                classes.Add(ReasonClasses.FrequencyCap);
            }
        }

        if (!message.IsReply && settings.WindowFor(message.Channel) is { } window)
        {
            var zone = ZoneFor(message);
            var open = window.NextOpen(due, zone);
            if (open > due)
            {
                reasons.Add($"quiet hours (sends {window} in {zone.Id})");
                classes.Add(ReasonClasses.QuietHours);
            }

            due = open;
        }

        return due > now ? GatewayResult.Deferred(due, "deferred by " + string.Join(" and ", reasons) + $" to {due:O}", string.Join(" and ", classes)) : null;
    }

    /// <summary>Why the message could not be sent at all right now (no address, no consent, suppressed), or null.</summary>
    public async Task<string?> SuppressionReasonAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        (await SuppressionAsync(message, cancellationToken))?.Reason;

    private async Task<(string Reason, string Class)?> SuppressionAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.To)) return ($"no {(message.Channel == Channel.Email ? "email address" : "phone number")}", ReasonClasses.NoAddress);
        if (message.Channel == Channel.Email && !Addresses.IsValidEmail(message.To)) return ("not a valid email address", ReasonClasses.InvalidAddress);
        if (message.Channel == Channel.Sms && !Addresses.IsE164(message.To)) return ("not an E.164 phone number", ReasonClasses.InvalidAddress);

        var current = await consent.GetCurrentAsync(message.Channel, Addresses.Normalize(message.Channel, message.To), cancellationToken);
        if (current?.Status == ConsentStatus.Bounced) return ($"suppressed: hard bounce ({current.Source} at {current.At:O})", ReasonClasses.Bounced);

        if (message.Channel == Channel.Sms)
        {
            if (current?.Status == ConsentStatus.OptedOut) return ($"suppressed: SMS opt-out ({current.Source} at {current.At:O})", ReasonClasses.Unsubscribed);
            if (current?.Status != ConsentStatus.OptedIn && !message.SmsConsentHint) return ("no recorded SMS opt-in", ReasonClasses.NoConsent);
            return null;
        }

        if (message.Category == MessageCategory.Transactional) return null;
        if (current?.Status == ConsentStatus.OptedOut) return ($"suppressed: unsubscribed ({current.Source} at {current.At:O})", ReasonClasses.Unsubscribed);
        if (current is null && message.MarketingConsentHint == false) return ("the purchase declined marketing email", ReasonClasses.NoConsent);
        if (settings.EmailMarketingRequiresConsent && current?.Status != ConsentStatus.OptedIn && message.MarketingConsentHint != true)
            return ("no marketing opt-in (Messaging__EmailMarketingRequiresConsent is true)", ReasonClasses.NoConsent);
        return null;
    }

    /// <summary>A From or Reply-To that is not an address is a definition mistake: fail clearly instead of retrying.</summary>
    private string? InvalidSender(OutgoingMessage message)
    {
        if (message.Channel != Channel.Email) return null;
        if (!System.Net.Mail.MailAddress.TryCreate(message.From ?? settings.EmailFrom, out _)) return $"the From address '{message.From ?? settings.EmailFrom}' is not valid";
        if (message.ReplyTo is { } replyTo && !System.Net.Mail.MailAddress.TryCreate(replyTo, out _)) return $"the Reply-To address '{replyTo}' is not valid";
        return null;
    }

    private TimeZoneInfo ZoneFor(OutgoingMessage message)
    {
        var choice = RecipientTimeZones.Resolve(message.TimeZone, message.Channel == Channel.Sms ? message.To : null, message.Country, settings.DefaultTimeZone);
        if (choice.Note is { } note) logger.LogWarning("{Channel} {Key}: {Note}", message.Channel, message.IdempotencyKey, note);
        return choice.Zone;
    }

    private async Task<DeliveryResult> DeliverAsync(OutgoingMessage message, TrackedBody tracked, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (message.Channel == Channel.Sms)
            return await sms.SendAsync(new SmsContent(message.To!, tracked.Body, message.IdempotencyKey), cancellationToken);

        return await email.SendAsync(EmailFor(message, tracked.Body, tracked.OpenPixelUrl, now), cancellationToken);
    }

    /// <summary>The email as it goes out: marketing mail gets the unsubscribe link (and headers) and the sender's postal line; every email a preferences link.</summary>
    private EmailContent EmailFor(OutgoingMessage message, string body, string? openPixelUrl, DateTimeOffset now)
    {
        var from = message.From ?? settings.EmailFrom;
        var fromAddress = System.Net.Mail.MailAddress.TryCreate(from, out var parsed) ? parsed.Address : from;
        var link = string.IsNullOrWhiteSpace(message.To) ? null : unsubscribe.LinkFor(message.To, now);
        return new EmailContent(
            from, message.To ?? "", message.ReplyTo, message.Subject ?? "", body,
            EmailComposer.MessageIdFor(message.IdempotencyKey, fromAddress),
            message.Category == MessageCategory.Marketing ? link : null)
        {
            OpenPixelUrl = openPixelUrl,
            SenderPostalLine = message.Category == MessageCategory.Marketing ? sender.PostalLine : null,
            PreferencesUrl = link,
        };
    }

    private async Task<GatewayResult> CompleteAsync(OutgoingMessage message, DeliveryResult delivery, DateTimeOffset now, SendOptions options, CancellationToken cancellationToken)
    {
        switch (delivery.Status)
        {
            case DeliveryStatus.Accepted:
                var segments = message.Channel == Channel.Sms ? SmsSegments.Count(message.Body) : 0;
                await SaveAsync(message, SendStatus.Sent, now, now, delivery.ProviderMessageId, delivery.Detail, segments: segments, cancellationToken: cancellationToken);
                logger.LogInformation("{Channel} {Key} sent to {To}", message.Channel, message.IdempotencyKey, Addresses.Mask(message.To));
                return new GatewayResult(GatewayStatus.Sent, delivery.Detail is { } d ? $"sent ({d})" : "sent", ProviderMessageId: delivery.ProviderMessageId)
                {
                    Segments = segments,
                };
            case DeliveryStatus.Rejected:
                if (delivery.RecipientStatus is { } status)
                    await consent.RecordAsync(new ConsentChange(message.Channel, Addresses.Normalize(message.Channel, message.To!), status, delivery.Code ?? "provider", now), cancellationToken);
                await SaveAsync(message, SendStatus.Suppressed, now, now, detail: delivery.Detail, reasonClass: ReasonClasses.ProviderRefused, cancellationToken: cancellationToken);
                return GatewayResult.Suppressed($"provider refused the recipient: {delivery.Detail}", ReasonClasses.ProviderRefused);
            case DeliveryStatus.TransientFailure when !options.IsFinalAttempt:
                // The record stays Pending, unclaimed: the provider did not take the message, so the engine's retry sends it.
                await ReleaseClaimAsync(message, now, inDoubtSince: null);
                throw new MessageDeliveryException($"{message.Channel} provider failed (will retry): {delivery.Detail}");
            default:
                await SaveAsync(message, SendStatus.Failed, now, now, detail: delivery.Detail, cancellationToken: cancellationToken);
                logger.LogWarning("{Channel} {Key} failed: {Detail}", message.Channel, message.IdempotencyKey, delivery.Detail);
                return new GatewayResult(GatewayStatus.Failed, delivery.Detail ?? "failed");
        }
    }

    /// <summary>
    /// An SMS whose earlier executor claimed it and died (<paramref name="inDoubtSince"/>) may already be at Twilio: ask
    /// before sending again. Null when it is not there, or when the send is not in doubt.
    /// </summary>
    private async Task<DeliveryResult?> FindAcceptedSmsAsync(OutgoingMessage message, TrackedBody tracked, DateTimeOffset? inDoubtSince, CancellationToken cancellationToken)
    {
        if (message.Channel != Channel.Sms || inDoubtSince is not { } since) return null;
        if (await sms.FindAcceptedAsync(new SmsContent(message.To!, tracked.Body, message.IdempotencyKey), since - ClaimTimeout, cancellationToken) is not { } sid)
            return null;
        logger.LogWarning("SMS {Key} was accepted by the provider before a crash; recorded, not sent again", message.IdempotencyKey);
        return DeliveryResult.Accepted(sid, "accepted before an interrupted send; not sent again");
    }

    /// <param name="Replay">The outcome another executor reached: return it instead of sending.</param>
    /// <param name="InDoubtSince">When an executor that died claimed the send before us: it may have reached the provider.</param>
    private sealed record ClaimOutcome(GatewayResult? Replay, DateTimeOffset? InDoubtSince);

    private async Task<ClaimOutcome> ClaimAsync(OutgoingMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var claim = await TryClaimAsync(message, now, cancellationToken);
        var lastSeen = claim.Existing;
        while (!claim.Claimed)
        {
            if (claim.Existing is { Status: not SendStatus.Pending } done) return new ClaimOutcome(Replayed(done), null);
            if (waited.Elapsed > ClaimTimeout + ClaimTimeout)
                throw new MessageDeliveryException($"{message.Channel} {message.IdempotencyKey} is being sent by another executor; will retry");
            await Task.Delay(ClaimPollInterval, cancellationToken);

            // Poll without writing; try to take the claim over only once it is free or stale.
            var existing = await records.FindAsync(message.IdempotencyKey, cancellationToken);
            lastSeen = existing ?? lastSeen;
            claim = existing is { Status: SendStatus.Pending, ClaimedAt: { } at } && at >= TimeProvider.System.GetUtcNow() - ClaimTimeout
                ? new SendClaim(false, existing)
                : existing is { Status: not SendStatus.Pending } ? new SendClaim(false, existing) : await TryClaimAsync(message, now, cancellationToken);
        }

        return new ClaimOutcome(null, lastSeen is { Status: SendStatus.Pending, ClaimedAt: { } claimedAt } ? claimedAt : null);
    }

    private Task<SendClaim> TryClaimAsync(OutgoingMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var realNow = TimeProvider.System.GetUtcNow();
        return records.TryClaimAsync(Record(message, SendStatus.Pending, now, null) with { ClaimedAt = realNow }, realNow - ClaimTimeout, cancellationToken);
    }

    /// <summary>
    /// The provider did not take the message: the next try may claim the send at once. A send that was in doubt when
    /// this try took it over (a lookup that failed) stays in doubt, so the next try asks the provider again.
    /// </summary>
    private Task ReleaseClaimAsync(OutgoingMessage message, DateTimeOffset now, DateTimeOffset? inDoubtSince) =>
        records.SaveAsync(Record(message, SendStatus.Pending, now, null) with { ClaimedAt = inDoubtSince }, CancellationToken.None);

    private Task SaveAsync(OutgoingMessage message, SendStatus status, DateTimeOffset createdAt, DateTimeOffset? completedAt,
        string? providerMessageId = null, string? detail = null, string? reasonClass = null, int segments = 0, CancellationToken cancellationToken = default) =>
        records.SaveAsync(Record(message, status, createdAt, completedAt, providerMessageId, detail) with { ReasonClass = reasonClass, Segments = segments }, cancellationToken);

    private static SendRecord Record(OutgoingMessage message, SendStatus status, DateTimeOffset createdAt, DateTimeOffset? completedAt,
        string? providerMessageId = null, string? detail = null) =>
        new()
        {
            IdempotencyKey = message.IdempotencyKey,
            Channel = message.Channel,
            Category = message.Category,
            Recipient = string.IsNullOrWhiteSpace(message.To) ? "" : Addresses.Normalize(message.Channel, message.To),
            Status = status,
            CreatedAt = createdAt,
            CompletedAt = completedAt,
            WorkflowInstanceId = message.WorkflowInstanceId,
            DefinitionId = message.DefinitionId,
            ActivityId = message.ActivityId,
            Subject = message.Subject,
            ProviderMessageId = providerMessageId,
            Detail = detail,
        };

    private static GatewayResult Replayed(SendRecord record) => record.Status switch
    {
        SendStatus.Sent => new GatewayResult(GatewayStatus.Sent, $"already sent at {record.CompletedAt:O}; not sent again", ProviderMessageId: record.ProviderMessageId)
        {
            WasReplay = true, Segments = record.Segments,
        },
        SendStatus.Suppressed => new GatewayResult(GatewayStatus.Suppressed, record.Detail ?? "suppressed") { WasReplay = true, ReasonClass = record.ReasonClass },
        _ => new GatewayResult(GatewayStatus.Failed, record.Detail ?? "failed") { WasReplay = true },
    };
}

/// <summary>A transient provider failure; the engine retries the activity with backoff.</summary>
public sealed class MessageDeliveryException(string message) : Exception(message);
