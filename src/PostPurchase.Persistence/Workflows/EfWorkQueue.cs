using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Workflows;

/// <summary>The durable work queue; claimed like bookmarks (SKIP LOCKED + lease on PostgreSQL).</summary>
public sealed class EfWorkQueue(IDbContextFactory<PostPurchaseDbContext> contexts, DatabaseSettings database) : IWorkQueue
{
    public async Task EnqueueAsync(WorkItem item, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(ToRow(item));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds the work items' insert (one statement) to a batch the caller runs (e.g. with their inbox rows).</summary>
    internal static void Enqueue(SqlBatch batch, IEnumerable<WorkItem> items) => batch.Insert(items.Select(ToRow).ToList());

    public async Task<IReadOnlyList<WorkItem>> ClaimAsync(string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        var skipLocked = database.Provider == DatabaseProvider.PostgreSql ? "FOR UPDATE SKIP LOCKED" : "";
        var sql = $"""
            UPDATE work_items SET "LeaseOwner" = @owner, "LeaseUntil" = @leaseUntil
            WHERE "Id" IN (
                SELECT "Id" FROM work_items
                WHERE "NotBefore" <= @realNow AND ("LeaseUntil" IS NULL OR "LeaseUntil" < @realNow)
                ORDER BY "CreatedAt" LIMIT @max {skipLocked})
            RETURNING "Id", "Kind", "ActivityType", "EventName", "InstanceId", "CorrelationId", "Payload", "Reason", "CreatedAt", "Attempts"
            """;
        var parameters = new Dictionary<string, object?>
        {
            ["owner"] = owner, ["leaseUntil"] = UnixTime.Ms(leaseUntil), ["realNow"] = UnixTime.Ms(DateTimeOffset.UtcNow), ["max"] = max,
        };
        return await ClaimQuery.RunAsync(contexts, sql, parameters, reader => new WorkItem
        {
            Id = reader.GetString(0),
            Kind = (WorkItemKind)reader.GetInt32(1),
            ActivityType = reader.IsDBNull(2) ? null : reader.GetString(2),
            EventName = reader.IsDBNull(3) ? null : reader.GetString(3),
            InstanceId = reader.IsDBNull(4) ? null : reader.GetString(4),
            CorrelationId = reader.IsDBNull(5) ? null : reader.GetString(5),
            Payload = reader.IsDBNull(6) ? null : JsonNode.Parse(reader.GetString(6))?.AsObject(),
            Reason = reader.IsDBNull(7) ? null : reader.GetString(7),
            CreatedAt = UnixTime.At(reader.GetInt64(8)),
            Attempts = reader.GetInt32(9),
        }, cancellationToken);
    }

    public Task CompleteAsync(string workItemId, CancellationToken cancellationToken = default) => CompleteAsync([workItemId], cancellationToken);

    public async Task CompleteAsync(IReadOnlyCollection<string> workItemIds, CancellationToken cancellationToken = default)
    {
        if (workItemIds.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var delete = new SqlBatch(db.Model);
        await delete.Statement($"DELETE FROM work_items WHERE \"Id\" IN ({string.Join(", ", workItemIds.Select(delete.Parameter))})")
            .ExecuteAtomicAsync(db, cancellationToken);
    }

    public async Task FailAsync(string workItemId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var at = UnixTime.Ms(retryAt);
        await db.Set<WorkItemRow>().Where(w => w.Id == workItemId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Attempts, w => w.Attempts + 1)
            .SetProperty(w => w.NotBefore, at)
            .SetProperty(w => w.LastError, error.Length > 2000 ? error[..2000] : error)
            .SetProperty(w => w.LeaseOwner, (string?)null)
            .SetProperty(w => w.LeaseUntil, (long?)null), cancellationToken);
    }

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkItemRow>().CountAsync(cancellationToken);
    }

    private static WorkItemRow ToRow(WorkItem item) => new()
    {
        Id = item.Id, Kind = (int)item.Kind, ActivityType = item.ActivityType, EventName = item.EventName, InstanceId = item.InstanceId,
        CorrelationId = item.CorrelationId, Payload = item.Payload?.ToJsonString(), Reason = item.Reason,
        CreatedAt = UnixTime.Ms(item.CreatedAt == default ? DateTimeOffset.UtcNow : item.CreatedAt), Attempts = item.Attempts, NotBefore = 0,
    };
}
