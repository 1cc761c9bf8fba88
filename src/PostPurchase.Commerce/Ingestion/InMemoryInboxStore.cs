using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Commerce.Ingestion;

/// <summary>The inbox for tests and the database-less default; the persistence module registers the durable one.</summary>
public sealed class InMemoryInboxStore(IWorkQueue workQueue, Customers.ICustomerHistory customers) : IInboxStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string Provider, string EventId), InboxEvent> _events = new();
    private readonly HashSet<string> _workItemIds = new(StringComparer.Ordinal);

    public async Task<bool> TryRecordAsync(InboxEvent inboxEvent, WorkItem? workItem, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var key = (inboxEvent.Provider, inboxEvent.EventId);
            if (_events.ContainsKey(key) || (workItem is not null && _workItemIds.Contains(workItem.Id))) return false;
            if (workItem is not null)
            {
                await workQueue.EnqueueAsync(workItem, cancellationToken);
                _workItemIds.Add(workItem.Id);
            }

            if (inboxEvent.Order is { } order) await customers.RecordAsync(order, cancellationToken);
            _events.Add(key, inboxEvent);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public IReadOnlyList<InboxEvent> Events
    {
        get
        {
            _gate.Wait();
            try
            {
                return _events.Values.ToList();
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
