using System.Collections.Concurrent;

namespace PostPurchase.Messaging.Tracking;

public sealed class InMemoryTrackedLinkStore : ITrackedLinkStore
{
    private readonly ConcurrentDictionary<string, TrackedLink> _links = new();

    public Task SaveAsync(IReadOnlyCollection<TrackedLink> links, CancellationToken cancellationToken = default)
    {
        foreach (var link in links) _links.TryAdd(link.Id, link);
        return Task.CompletedTask;
    }

    public Task<TrackedLink?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_links.GetValueOrDefault(id));
}
