using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Persistence.Workflows;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Commerce;

/// <summary>
/// The durable inbox: the event row and the work it causes are inserted by one command (one transaction), and a
/// replay is recognised by the primary key (or the work item's id) rejecting the insert, never by a prior lookup.
/// Concurrent deliveries are committed together (<see cref="RequestBatcher{TRequest,TResult}"/>): one round trip and
/// one commit for all of them; a batch with a replay in it is rejected whole and its deliveries recorded one by one.
/// </summary>
public sealed class EfInboxStore : IInboxStore
{
    private readonly IDbContextFactory<PostPurchaseDbContext> _contexts;
    private readonly RequestBatcher<(InboxEvent Event, WorkItem? Work), bool> _batcher;

    /// <summary>One per process (a singleton), so that concurrent deliveries meet in its batches.</summary>
    public EfInboxStore(IDbContextFactory<PostPurchaseDbContext> contexts)
    {
        _contexts = contexts;
        _batcher = new(RecordAllAsync, (delivery, ct) => RecordOneAsync(delivery.Event, delivery.Work, ct));
    }

    public Task<bool> TryRecordAsync(InboxEvent inboxEvent, WorkItem? workItem, CancellationToken cancellationToken = default) =>
        _batcher.RunAsync((inboxEvent, workItem), cancellationToken);

    /// <summary>All deliveries in one command; any conflict fails it whole (the batcher then records them one by one).</summary>
    private async Task<IReadOnlyList<bool>> RecordAllAsync(IReadOnlyList<(InboxEvent Event, WorkItem? Work)> deliveries, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var batch = Rows(db, deliveries);
        await batch.ExecuteAtomicAsync(db, cancellationToken);
        return deliveries.Select(_ => true).ToList();
    }

    private async Task<bool> RecordOneAsync(InboxEvent inboxEvent, WorkItem? workItem, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var batch = Rows(db, [(inboxEvent, workItem)]);
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

    /// <summary>
    /// The orders' history rows (kept if a concurrent delivery recorded one first), the event rows and their work
    /// items: three inserts, all or nothing.
    /// </summary>
    private static SqlBatch Rows(PostPurchaseDbContext db, IReadOnlyList<(InboxEvent Event, WorkItem? Work)> deliveries)
    {
        var batch = new SqlBatch(db.Model);
        batch.Insert(deliveries.Where(d => d.Event.Order is not null).Select(d => EfCustomerHistory.ToRow(d.Event.Order!)).ToList(), "ON CONFLICT DO NOTHING");
        batch.Insert(deliveries.Select(d => new InboxEventRow
        {
            Provider = d.Event.Provider,
            EventId = d.Event.EventId,
            EventType = d.Event.EventType,
            Outcome = d.Event.Outcome,
            OrderId = d.Event.OrderId,
            WorkItemId = d.Event.WorkItemId,
            Note = d.Event.Note,
            ReceivedAt = UnixTime.Ms(d.Event.ReceivedAt),
        }).ToList());
        EfWorkQueue.Enqueue(batch, deliveries.Select(d => d.Work).OfType<WorkItem>());
        return batch;
    }

    private async Task<bool> IsDuplicateAsync(InboxEvent inboxEvent, WorkItem? workItem, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<InboxEventRow>().AnyAsync(e => e.Provider == inboxEvent.Provider && e.EventId == inboxEvent.EventId, cancellationToken))
            return true;
        return workItem is not null && await db.Set<WorkItemRow>().AnyAsync(w => w.Id == workItem.Id, cancellationToken);
    }
}
