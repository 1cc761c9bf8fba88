using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PostPurchase.Commerce.Activities;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Verification;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Commerce.Ingestion;

public enum IngestionResult
{
    /// <summary>Recorded, and its work (start, cancel or event) queued.</summary>
    Accepted,

    /// <summary>Recorded as ignored; nothing queued.</summary>
    Ignored,

    /// <summary>Already seen (same provider event, or a start for an order that already has one); nothing changed.</summary>
    Duplicate,
}

/// <summary>
/// Turns a verified, normalised delivery into an inbox row plus its work item (one transaction, via
/// <see cref="IInboxStore"/>) and wakes the worker. Provider-independent: every endpoint ends here.
/// </summary>
public sealed class WebhookIngestion(
    IInboxStore inbox, ICustomerHistory customers, WorkSignal signal, IngestPressure pressure, RealTime realTime, TimeProvider journeyClock, ILogger<WebhookIngestion> logger)
{
    public async Task<IngestionResult> IngestAsync(string provider, string eventId, WebhookEvent webhookEvent, CancellationToken cancellationToken = default)
    {
        using var delivery = pressure.Enter();
        var now = realTime.UtcNow;
        if (webhookEvent.Purchase is { } purchase)
        {
            var history = await customers.BeforeAsync(purchase, cancellationToken);
            webhookEvent = webhookEvent with
            {
                Purchase = purchase with
                {
                    PreviousOrderCount = history.PreviousOrderCount,
                    LifetimeValueMinor = history.LifetimeValueMinor,
                    // Without a provider time the journey's own clock stamps it, so "day 21" counts from when the journey began.
                    PurchasedAt = purchase.PurchasedAt == default ? journeyClock.GetUtcNow() : purchase.PurchasedAt,
                },
            };
        }

        var workItem = WorkFor(provider, webhookEvent, now);
        var row = new InboxEvent
        {
            Provider = provider,
            EventId = eventId,
            EventType = webhookEvent.EventType,
            Outcome = webhookEvent.Kind.ToString().ToLowerInvariant(),
            OrderId = webhookEvent.OrderId,
            WorkItemId = workItem?.Id,
            Note = webhookEvent.Reason,
            ReceivedAt = now,
            Order = workItem is not null && webhookEvent is { Kind: WebhookEventKind.Purchase, Purchase: { } bought } ? bought : null,
        };

        if (!await inbox.TryRecordAsync(row, workItem, cancellationToken))
        {
            logger.LogInformation("Duplicate {Provider} event {EventId} ({EventType}) ignored", provider, eventId, webhookEvent.EventType);
            return IngestionResult.Duplicate;
        }

        if (workItem is null)
        {
            logger.LogInformation("{Provider} event {EventId} ({EventType}) recorded as ignored: {Reason}", provider, eventId, webhookEvent.EventType, webhookEvent.Reason);
            return IngestionResult.Ignored;
        }

        // Recorded: a replay would now be answered Duplicate, so what belongs to this delivery is finished even if the
        // provider hung up meanwhile.
        await UpdateCustomerHistoryAsync(provider, webhookEvent, CancellationToken.None);
        signal.Notify();
        logger.LogInformation("{Provider} event {EventId} ({EventType}) accepted for order {OrderId}", provider, eventId, webhookEvent.EventType, webhookEvent.OrderId);
        return IngestionResult.Accepted;
    }

    private async Task UpdateCustomerHistoryAsync(string provider, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        // A purchase was recorded with its inbox row.
        if (webhookEvent is { Kind: WebhookEventKind.Stop, OrderId: { } orderId }) await customers.MarkRefundedAsync(provider, orderId, cancellationToken);
    }

    /// <summary>Start work items of one order share this id, so two start events for one order (e.g. Stripe's checkout.session.completed and payment_intent.succeeded) start one journey.</summary>
    public static string StartWorkItemId(string provider, string orderId) =>
        "start-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{provider}\n{orderId}")))[..32];

    private static WorkItem? WorkFor(string provider, WebhookEvent webhookEvent, DateTimeOffset now) => webhookEvent.Kind switch
    {
        WebhookEventKind.Purchase => new WorkItem
        {
            Id = StartWorkItemId(provider, webhookEvent.OrderId!),
            Kind = WorkItemKind.Trigger,
            ActivityType = PurchaseTrigger.TypeName,
            CorrelationId = webhookEvent.OrderId,
            Payload = new JsonObject { ["purchase"] = JsonSerializer.SerializeToNode(webhookEvent.Purchase, JsonDefaults.Options) },
            CreatedAt = now,
        },
        WebhookEventKind.Stop => new WorkItem
        {
            Kind = WorkItemKind.Cancel,
            CorrelationId = webhookEvent.OrderId,
            Reason = webhookEvent.Reason ?? $"{provider}: {webhookEvent.EventType}",
            CreatedAt = now,
        },
        WebhookEventKind.Delivered => new WorkItem
        {
            Kind = WorkItemKind.Event,
            EventName = "delivered",
            CorrelationId = webhookEvent.OrderId,
            Payload = new JsonObject { ["provider"] = provider, ["orderId"] = webhookEvent.OrderId, ["eventType"] = webhookEvent.EventType },
            CreatedAt = now,
        },
        _ => null,
    };
}
