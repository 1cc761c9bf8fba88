using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PostPurchase.Persistence.Engagement;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Workflows;

/// <summary>Instances with their bookmark rows and journal; each write is one transaction guarded by the instance revision.</summary>
public sealed class EfInstanceStore(IDbContextFactory<PostPurchaseDbContext> contexts) : IWorkflowInstanceStore
{
    /// <summary>The largest total an instance list reports exactly.</summary>
    public const int MaxCounted = 10_000;

    public async Task<CreateResult> TryCreateAsync(WorkflowInstance instance, InstanceChanges changes, CancellationToken cancellationToken = default)
    {
        // No lookup first: the primary key rejects a second start. The instance, its bookmarks, journal and report
        // facts go in all or nothing; the cancellation read follows the commit, in the same round trip on PostgreSQL.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var batch = new SqlBatch(db.Model).Insert([ToRow(instance)]);
        AddChanges(batch, instance, changes);
        var check = instance.CorrelationId is { } correlationId ? CancelledCorrelationQuery(batch, correlationId) : null;
        try
        {
            var cancelled = await batch.ExecuteAtomicThenQueryAsync(db, check, cancellationToken);
            return new CreateResult(true, cancelled > 0);
        }
        catch (DbException)
        {
            if (await ExistsAsync(instance.Id, cancellationToken)) return new CreateResult(false, false);
            throw;
        }
    }

    public async Task<StartCheck> CheckStartAsync(string? correlationId, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = new SqlBatch(db.Model);
        var parts = new List<string>();
        if (correlationId is not null) parts.Add($"SELECT 1, \"CorrelationId\" FROM cancelled_correlations WHERE \"CorrelationId\" = {query.Parameter(correlationId)}");
        if (instanceIds.Count > 0) parts.Add($"SELECT 2, \"Id\" FROM workflow_instances WHERE \"Id\" IN ({string.Join(", ", instanceIds.Select(query.Parameter))})");
        if (parts.Count == 0) return new StartCheck(false, new HashSet<string>());
        query.Statement(string.Join(" UNION ALL ", parts));
        var rows = await query.QueryAsync(db, r => (Kind: Convert.ToInt32(r.GetValue(0)), Id: r.GetString(1)), cancellationToken);
        return new StartCheck(rows.Any(r => r.Kind == 1), rows.Where(r => r.Kind == 2).Select(r => r.Id).ToHashSet());
    }

    public async Task<bool> TryUpdateAsync(WorkflowInstance instance, int expectedRevision, InstanceChanges changes, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var turn = db.Database.IsSqlite() ? await SqliteWriteGate.EnterAsync(connection, cancellationToken) : null;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = ToRow(instance);
        var update = new SqlBatch(db.Model);
        update.Statement(
            $"""
            UPDATE workflow_instances SET "Status" = {update.Parameter(row.Status)}, "SubStatus" = {update.Parameter(row.SubStatus)},
                "UpdatedAt" = {update.Parameter(row.UpdatedAt)}, "FinishedAt" = {update.Parameter(row.FinishedAt)},
                "Revision" = {update.Parameter(row.Revision)}, "IncidentCount" = {update.Parameter(row.IncidentCount)},
                "Name" = {update.Parameter(row.Name)}, "CorrelationId" = {update.Parameter(row.CorrelationId)}, "State" = {update.Parameter(row.State)}
            WHERE "Id" = {update.Parameter(row.Id)} AND "Revision" = {update.Parameter(expectedRevision)}
            """);
        await using (var command = update.CreateCommand(connection, transaction))
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0) return false;

        // The rest in one more round trip, inside the revision-guarded transaction.
        var rest = new SqlBatch(db.Model);
        if (changes.RemovedBookmarkIds.Count > 0)
            rest.Statement($"DELETE FROM bookmarks WHERE \"Id\" IN ({string.Join(", ", changes.RemovedBookmarkIds.Select(rest.Parameter))})");
        AddChanges(rest, instance, changes);
        if (!rest.IsEmpty)
            await using (var command = rest.CreateCommand(connection, transaction))
                await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = new SqlBatch(db.Model);
        query.Select<InstanceRow>($"\"Id\" = {query.Parameter(instanceId)}");
        var rows = await query.QueryAsync(db, query.Read<InstanceRow>, cancellationToken);
        return rows.Count == 0 ? null : ToModel(rows[0]);
    }

    public async Task<IReadOnlyList<string>> FindActiveIdsByCorrelationAsync(string correlationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var faulted = (int)WorkflowSubStatus.Faulted;
        return await db.Set<InstanceRow>().Where(i => i.CorrelationId == correlationId && (i.Status == (int)WorkflowStatus.Running || i.SubStatus == faulted))
            .Select(i => i.Id).ToListAsync(cancellationToken);
    }

    public async Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<InstanceRow>().AsNoTracking();
        if (query.DefinitionIds is { Count: > 0 } ids) rows = rows.Where(i => ids.Contains(i.DefinitionId));
        if (query.CorrelationId is not null) rows = rows.Where(i => i.CorrelationId == query.CorrelationId);
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var values = statuses.Select(s => (int)s).ToList();
            rows = rows.Where(i => values.Contains(i.Status));
        }

        if (query.SubStatuses is { Count: > 0 } subStatuses)
        {
            var values = subStatuses.Select(s => (int)s).ToList();
            rows = rows.Where(i => values.Contains(i.SubStatus));
        }

        if (query.HasIncidents is { } hasIncidents) rows = hasIncidents ? rows.Where(i => i.IncidentCount > 0) : rows.Where(i => i.IncidentCount == 0);
        if (!string.IsNullOrEmpty(query.SearchTerm))
            rows = rows.Where(i => i.Id.Contains(query.SearchTerm) || (i.CorrelationId != null && i.CorrelationId.Contains(query.SearchTerm)) || (i.Name != null && i.Name.Contains(query.SearchTerm)));
        // Counting every match costs as much as reading it: past MaxCounted the total says "at least" (the list still pages).
        var total = await rows.Take(MaxCounted + 1).CountAsync(cancellationToken);
        rows = query.Descending ? rows.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id) : rows.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id);
        var page = await rows.Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new InstancePage(page.Select(ToModel).ToList(), total);
    }

    public async Task<JournalPage> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<JournalRow>().AsNoTracking().Where(j => j.InstanceId == instanceId);
        // Counting every match costs as much as reading it: past MaxCounted the total says "at least" (the list still pages).
        var total = await rows.Take(MaxCounted + 1).CountAsync(cancellationToken);
        var page = await rows.OrderBy(j => j.Sequence).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new JournalPage(page.Select(j => new JournalEntry
        {
            Id = j.Id, InstanceId = j.InstanceId, ActivityId = j.ActivityId, NodeId = j.NodeId, ActivityType = j.ActivityType,
            ActivityName = j.ActivityName, EventName = j.EventName, Message = j.Message,
            Payload = j.Payload is null ? null : JsonNode.Parse(j.Payload), Timestamp = UnixTime.At(j.Timestamp),
            Sequence = j.Sequence, ExecutionNumber = j.ExecutionNumber,
        }).ToList(), total);
    }

    public async Task<int> DeleteAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = instanceIds.ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<BookmarkRow>().Where(b => ids.Contains(b.InstanceId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<JournalRow>().Where(j => ids.Contains(j.InstanceId)).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Set<InstanceRow>().Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task MarkCorrelationCancelledAsync(string correlationId, string reason, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<CancelledCorrelationRow>().AnyAsync(c => c.CorrelationId == correlationId, cancellationToken)) return;
        db.Add(new CancelledCorrelationRow { CorrelationId = correlationId, Reason = reason, CreatedAt = UnixTime.Ms(DateTimeOffset.UtcNow) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Recorded concurrently by another replica: that is the same fact.
        }
    }

    public async Task<bool> IsCorrelationCancelledAsync(string correlationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = new SqlBatch(db.Model);
        query.Statement(CancelledCorrelationQuery(query, correlationId));
        return (await query.QueryAsync(db, _ => true, cancellationToken)).Count > 0;
    }

    private static string CancelledCorrelationQuery(SqlBatch batch, string correlationId) =>
        $"SELECT 1 FROM cancelled_correlations WHERE \"CorrelationId\" = {batch.Parameter(correlationId)}";

    private async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<InstanceRow>().AnyAsync(i => i.Id == id, cancellationToken);
    }

    private static void AddChanges(SqlBatch batch, WorkflowInstance instance, InstanceChanges changes)
    {
        batch.Insert(changes.AddedBookmarks.Select(b => new BookmarkRow
        {
            Id = b.Id, InstanceId = instance.Id, ActivityId = b.ActivityId, Type = (int)b.Type, EventName = b.EventName,
            CorrelationId = instance.CorrelationId, DueAt = UnixTime.Ms(b.DueAt),
        }).ToList());
        batch.Insert(changes.Journal.Select(j => new JournalRow
        {
            Id = j.Id, InstanceId = j.InstanceId, ActivityId = j.ActivityId, NodeId = j.NodeId, ActivityType = j.ActivityType,
            ActivityName = j.ActivityName, EventName = j.EventName, Message = j.Message, Payload = j.Payload?.ToJsonString(),
            Timestamp = UnixTime.Ms(j.Timestamp), ExecutionNumber = j.ExecutionNumber,
        }).ToList());
        batch.Insert((changes.Events ?? []).Select(EfJourneyEventStore.ToRow).ToList());
    }

    private static InstanceRow ToRow(WorkflowInstance i) => new()
    {
        Id = i.Id, DefinitionId = i.DefinitionId, DefinitionVersionId = i.DefinitionVersionId, DefinitionVersion = i.DefinitionVersion,
        Name = i.Name, CorrelationId = i.CorrelationId, Status = (int)i.Status, SubStatus = (int)i.SubStatus,
        CreatedAt = UnixTime.Ms(i.CreatedAt), UpdatedAt = UnixTime.Ms(i.UpdatedAt), FinishedAt = UnixTime.Ms(i.FinishedAt),
        Revision = i.Revision, IncidentCount = i.IncidentCount, State = JsonSerializer.Serialize(i.State, JsonDefaults.Options),
    };

    private static WorkflowInstance ToModel(InstanceRow r) => new()
    {
        Id = r.Id, DefinitionId = r.DefinitionId, DefinitionVersionId = r.DefinitionVersionId, DefinitionVersion = r.DefinitionVersion,
        Name = r.Name, CorrelationId = r.CorrelationId, Status = (WorkflowStatus)r.Status, SubStatus = (WorkflowSubStatus)r.SubStatus,
        CreatedAt = UnixTime.At(r.CreatedAt), UpdatedAt = UnixTime.At(r.UpdatedAt), FinishedAt = UnixTime.At(r.FinishedAt),
        Revision = r.Revision, State = JsonSerializer.Deserialize<WorkflowState>(r.State, JsonDefaults.Options)!,
    };
}
