using Microsoft.EntityFrameworkCore;
using PostPurchase.Messaging.Tracking;

namespace PostPurchase.Persistence.Engagement;

public sealed class EfTrackedLinkStore(IDbContextFactory<PostPurchaseDbContext> contexts) : ITrackedLinkStore
{
    public async Task SaveAsync(IReadOnlyCollection<TrackedLink> links, CancellationToken cancellationToken = default)
    {
        if (links.Count == 0) return;
        // Another executor of the same send may have stored them first; the ids (and so the rows) are the same.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = links.DistinctBy(l => l.Id).Select(l => new TrackedLinkRow
        {
            Id = l.Id, Url = l.Url, MessageKey = l.MessageKey, DefinitionId = l.DefinitionId, InstanceId = l.InstanceId,
            ActivityId = l.ActivityId, CreatedAt = UnixTime.Ms(l.CreatedAt),
        }).ToList();
        await new SqlBatch(db.Model).Insert(rows, "ON CONFLICT DO NOTHING").ExecuteAtomicAsync(db, cancellationToken);
    }

    public async Task<TrackedLink?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<TrackedLinkRow>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);
        return row is null ? null : new TrackedLink
        {
            Id = row.Id, Url = row.Url, MessageKey = row.MessageKey, DefinitionId = row.DefinitionId, InstanceId = row.InstanceId,
            ActivityId = row.ActivityId, CreatedAt = UnixTime.At(row.CreatedAt),
        };
    }
}
