using Microsoft.EntityFrameworkCore;
using PostPurchase.Messaging.Tracking;

namespace PostPurchase.Persistence.Engagement;

public sealed class EfTrackedLinkStore(IDbContextFactory<PostPurchaseDbContext> contexts) : ITrackedLinkStore
{
    public async Task SaveAsync(IReadOnlyCollection<TrackedLink> links, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = links.Select(l => l.Id).ToList();
        var existing = await db.Set<TrackedLinkRow>().Where(l => ids.Contains(l.Id)).Select(l => l.Id).ToListAsync(cancellationToken);
        var fresh = links.Where(l => !existing.Contains(l.Id)).ToList();
        if (fresh.Count == 0) return;
        db.AddRange(fresh.Select(l => new TrackedLinkRow
        {
            Id = l.Id, Url = l.Url, MessageKey = l.MessageKey, DefinitionId = l.DefinitionId, InstanceId = l.InstanceId,
            ActivityId = l.ActivityId, CreatedAt = UnixTime.Ms(l.CreatedAt),
        }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another executor of the same send stored them first; the ids (and so the rows) are the same.
        }
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
