namespace PostPurchase.Messaging.Tracking;

public interface ITrackedLinkStore
{
    /// <summary>Stores the links; links already stored (same id, from a replayed send) are left as they are.</summary>
    Task SaveAsync(IReadOnlyCollection<TrackedLink> links, CancellationToken cancellationToken = default);

    Task<TrackedLink?> FindAsync(string id, CancellationToken cancellationToken = default);
}
