using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Runtime.InMemory;

public sealed class InMemoryWorkQueue : IWorkQueue
{
    private readonly object _lock = new();
    private readonly List<(WorkItem Item, DateTimeOffset? LeaseUntil, DateTimeOffset NotBefore)> _items = new();

    public Task EnqueueAsync(WorkItem item, CancellationToken cancellationToken = default)
    {
        lock (_lock) _items.Add((item, null, DateTimeOffset.MinValue));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WorkItem>> ClaimAsync(string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var now = DateTimeOffset.UtcNow;
            var claimed = new List<WorkItem>();
            for (var i = 0; i < _items.Count && claimed.Count < max; i++)
            {
                var (item, lease, notBefore) = _items[i];
                if ((lease is not null && lease > now) || notBefore > now) continue;
                _items[i] = (item, leaseUntil, notBefore);
                claimed.Add(item);
            }

            return Task.FromResult<IReadOnlyList<WorkItem>>(claimed);
        }
    }

    public Task CompleteAsync(string workItemId, CancellationToken cancellationToken = default)
    {
        lock (_lock) _items.RemoveAll(i => i.Item.Id == workItemId);
        return Task.CompletedTask;
    }

    public Task FailAsync(string workItemId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var index = _items.FindIndex(i => i.Item.Id == workItemId);
            if (index >= 0) _items[index] = (_items[index].Item with { Attempts = _items[index].Item.Attempts + 1 }, null, retryAt);
        }

        return Task.CompletedTask;
    }

    public Task<int> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_items.Count);
    }
}
