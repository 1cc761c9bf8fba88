using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Persistence.Workflows;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Commerce;

/// <summary>
/// The durable inbox: the event row and the work it causes are inserted by one SaveChanges (one transaction), and a
/// replay is recognised by the primary key (or the work item's id) rejecting the insert, never by a prior lookup.
/// </summary>
public sealed class EfInboxStore(IDbContextFactory<PostPurchaseDbContext> contexts) : IInboxStore
{
    public async Task<bool> TryRecordAsync(InboxEvent inboxEvent, WorkItem? workItem, CancellationToken cancellationToken = default)
    {
        // One command, all or nothing: the order's history row (kept if a concurrent delivery recorded it first),
        // the event row and its work item.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var batch = new SqlBatch(db.Model);
        if (inboxEvent.Order is { } order) batch.Insert([EfCustomerHistory.ToRow(order)], "ON CONFLICT DO NOTHING");
        batch.Insert([new InboxEventRow
        {
            Provider = inboxEvent.Provider,
            EventId = inboxEvent.EventId,
            EventType = inboxEvent.EventType,
            Outcome = inboxEvent.Outcome,
            OrderId = inboxEvent.OrderId,
            WorkItemId = inboxEvent.WorkItemId,
            Note = inboxEvent.Note,
            ReceivedAt = UnixTime.Ms(inboxEvent.ReceivedAt),
        }]);
        if (workItem is not null) EfWorkQueue.Enqueue(batch, workItem);
        try
        {
            await batch.ExecuteAtomicAsync(db, cancellationToken);
            return true;
        }
        catch (DbException)
        {
            if (await IsDuplicateAsync(inboxEvent, workItem, cancellationToken)) return false;
            throw;
        }
    }

    private async Task<bool> IsDuplicateAsync(InboxEvent inboxEvent, WorkItem? workItem, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<InboxEventRow>().AnyAsync(e => e.Provider == inboxEvent.Provider && e.EventId == inboxEvent.EventId, cancellationToken))
            return true;
        return workItem is not null && await db.Set<WorkItemRow>().AnyAsync(w => w.Id == workItem.Id, cancellationToken);
    }
}
