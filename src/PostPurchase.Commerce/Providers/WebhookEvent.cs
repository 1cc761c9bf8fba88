using PostPurchase.Commerce.Purchases;

namespace PostPurchase.Commerce.Providers;

public enum WebhookEventKind
{
    /// <summary>A paid order: start the journeys whose PurchaseTrigger matches.</summary>
    Purchase,

    /// <summary>A refund, dispute or cancellation: cancel the order's journeys.</summary>
    Stop,

    /// <summary>The order was delivered: raise the "delivered" event for its journeys.</summary>
    Delivered,

    /// <summary>An event we do not act on (recorded so the provider stops retrying).</summary>
    Ignored,
}

/// <summary>What one provider delivery means for us, whatever its vendor shape.</summary>
public sealed record WebhookEvent
{
    public required WebhookEventKind Kind { get; init; }

    /// <summary>The provider's event type (e.g. checkout.session.completed, orders/paid, PAYMENT.CAPTURE.REFUNDED).</summary>
    public required string EventType { get; init; }

    /// <summary>The order id the journey is correlated by; set for every kind but <see cref="WebhookEventKind.Ignored"/>.</summary>
    public string? OrderId { get; init; }

    public Purchase? Purchase { get; init; }

    /// <summary>Why a stop event stops the journey, or why an event was ignored.</summary>
    public string? Reason { get; init; }

    public static WebhookEvent Started(string eventType, Purchase purchase) =>
        new() { Kind = WebhookEventKind.Purchase, EventType = eventType, OrderId = purchase.OrderId, Purchase = purchase };

    public static WebhookEvent Stopped(string eventType, string orderId, string reason) =>
        new() { Kind = WebhookEventKind.Stop, EventType = eventType, OrderId = orderId, Reason = reason };

    public static WebhookEvent DeliveredTo(string eventType, string orderId) =>
        new() { Kind = WebhookEventKind.Delivered, EventType = eventType, OrderId = orderId };

    public static WebhookEvent Ignore(string eventType, string reason) =>
        new() { Kind = WebhookEventKind.Ignored, EventType = eventType, Reason = reason };
}

/// <summary>A verified delivery whose body is not the JSON we expect; answered with 400 and nothing is recorded.</summary>
public sealed class MalformedWebhookException(string message, Exception? inner = null) : Exception(message, inner);
