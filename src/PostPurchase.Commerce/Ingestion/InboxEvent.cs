namespace PostPurchase.Commerce.Ingestion;

/// <summary>
/// One received webhook delivery, keyed by (<see cref="Provider"/>, <see cref="EventId"/>): that pair is unique, so a
/// replayed delivery is recognised by the insert failing, not by a prior lookup.
/// </summary>
public sealed record InboxEvent
{
    public required string Provider { get; init; }
    public required string EventId { get; init; }
    public required string EventType { get; init; }

    /// <summary>purchase, stop, delivered or ignored.</summary>
    public required string Outcome { get; init; }

    public string? OrderId { get; init; }

    /// <summary>The work item enqueued with this row, if any.</summary>
    public string? WorkItemId { get; init; }

    /// <summary>Why the event stops a journey or was ignored.</summary>
    public string? Note { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// A purchase to add to the customer's order history in the same transaction as this row (so a crash cannot keep
    /// the journey and lose the history, and a webhook costs one commit).
    /// </summary>
    public Purchases.Purchase? Order { get; init; }
}
