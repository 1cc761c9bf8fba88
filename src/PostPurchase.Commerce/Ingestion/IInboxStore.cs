using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Commerce.Ingestion;

/// <summary>The webhook inbox: one row per provider event, written in the same transaction as the work it causes.</summary>
public interface IInboxStore
{
    /// <summary>
    /// Inserts <paramref name="inboxEvent"/>, enqueues <paramref name="workItem"/> (when given) and records
    /// <see cref="InboxEvent.Order"/> in the customer history (when given; an order already recorded stays as it is) atomically.
    /// Returns false, changing nothing, when (provider, event id) is already recorded or the work item id is already
    /// queued (start work items of one order share an id, so a second start event for that order starts nothing).
    /// </summary>
    Task<bool> TryRecordAsync(InboxEvent inboxEvent, WorkItem? workItem, CancellationToken cancellationToken = default);
}
