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
        try
        {
            return await TryInsertAsync(inboxEvent, workItem, cancellationToken);
        }
        catch (DbUpdateException) when (inboxEvent.Order is not null)
        {
            // The order was recorded by a concurrent delivery between our lookup and insert: it is there, so go without it.
            return await TryInsertAsync(inboxEvent with { Order = null }, workItem, cancellationToken);
        }
    }

    private async Task<bool> TryInsertAsync(InboxEvent inboxEvent, WorkItem? workItem, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (inboxEvent.Order is { } order
            && !await db.Set<CustomerOrderRow>().AnyAsync(o => o.Provider == order.Provider && o.OrderId == order.OrderId, cancellationToken))
            db.Add(EfCustomerHistory.ToRow(order));
        db.Add(new InboxEventRow
        {
            Provider = inboxEvent.Provider,
            EventId = inboxEvent.EventId,
            EventType = inboxEvent.EventType,
            Outcome = inboxEvent.Outcome,
            OrderId = inboxEvent.OrderId,
            WorkItemId = inboxEvent.WorkItemId,
            Note = inboxEvent.Note,
            ReceivedAt = UnixTime.Ms(inboxEvent.ReceivedAt),
        });
        if (workItem is not null) EfWorkQueue.Enqueue(db, workItem);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
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
