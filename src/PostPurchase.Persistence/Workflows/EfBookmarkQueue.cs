using Microsoft.EntityFrameworkCore;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Workflows;

/// <summary>
/// Claims due bookmarks with a lease in one statement. On PostgreSQL the candidate rows are locked with
/// <c>FOR UPDATE SKIP LOCKED</c>, so replicas never wait on or double-claim each other's rows; a lease that runs out
/// (a replica died) makes the row claimable again. SQLite serves a single process.
/// </summary>
public sealed class EfBookmarkQueue(IDbContextFactory<PostPurchaseDbContext> contexts, DatabaseSettings database) : IBookmarkQueue
{
    public async Task<IReadOnlyList<BookmarkRef>> ClaimDueAsync(DateTimeOffset now, string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        var skipLocked = database.Provider == DatabaseProvider.PostgreSql ? "FOR UPDATE SKIP LOCKED" : "";
        var sql = $"""
            UPDATE bookmarks SET "LeaseOwner" = @owner, "LeaseUntil" = @leaseUntil
            WHERE "Id" IN (
                SELECT "Id" FROM bookmarks
                WHERE "DueAt" <= @now AND ("LeaseUntil" IS NULL OR "LeaseUntil" < @realNow)
                ORDER BY "DueAt" LIMIT @max {skipLocked})
            RETURNING "Id", "InstanceId"
            """;
        var parameters = new Dictionary<string, object?>
        {
            ["owner"] = owner, ["leaseUntil"] = UnixTime.Ms(leaseUntil), ["now"] = UnixTime.Ms(now),
            ["realNow"] = UnixTime.Ms(DateTimeOffset.UtcNow), ["max"] = max,
        };
        return await ClaimQuery.RunAsync(contexts, sql, parameters, r => new BookmarkRef(r.GetString(0), r.GetString(1)), cancellationToken);
    }

    public async Task ReleaseAsync(string bookmarkId, string owner, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<BookmarkRow>().Where(b => b.Id == bookmarkId && b.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.LeaseOwner, (string?)null).SetProperty(b => b.LeaseUntil, (long?)null), cancellationToken);
    }

    public async Task<IReadOnlyList<BookmarkRef>> FindByEventAsync(string eventName, string? instanceId, string? correlationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<BookmarkRow>().AsNoTracking().Where(b => b.EventName == eventName && b.Type == 1);
        rows = instanceId is not null ? rows.Where(b => b.InstanceId == instanceId)
            : correlationId is not null ? rows.Where(b => b.CorrelationId == correlationId)
            : rows.Where(b => false);
        return await rows.Select(b => new BookmarkRef(b.Id, b.InstanceId)).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(BookmarkRef Bookmark, string EventName)>> FindByEventPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<BookmarkRow>().AsNoTracking().Where(b => b.Type == 1 && b.EventName != null && b.EventName.StartsWith(prefix))
            .Select(b => new { b.Id, b.InstanceId, b.EventName }).ToListAsync(cancellationToken);
        return rows.Select(r => (new BookmarkRef(r.Id, r.InstanceId), r.EventName!)).ToList();
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return UnixTime.At(await db.Set<BookmarkRow>().MinAsync(b => b.DueAt, cancellationToken));
    }

    public async Task<int> CountDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ms = UnixTime.Ms(now);
        return await db.Set<BookmarkRow>().CountAsync(b => b.DueAt <= ms, cancellationToken);
    }
}
