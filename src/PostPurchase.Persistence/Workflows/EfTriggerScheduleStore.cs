using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PostPurchase.Workflows.Scheduling.Cron;

namespace PostPurchase.Persistence.Workflows;

/// <summary>One recurring trigger (Elsa.Cron) of a published definition; times in Unix ms (NextDueAt workflow time, LeaseUntil real time).</summary>
public sealed class TriggerScheduleRow
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }
    public required string ActivityId { get; set; }
    public required string CronExpression { get; set; }
    public long NextDueAt { get; set; }
    public string? LeaseOwner { get; set; }
    public long? LeaseUntil { get; set; }
}

internal sealed class TriggerScheduleRowConfiguration : IEntityTypeConfiguration<TriggerScheduleRow>
{
    public void Configure(EntityTypeBuilder<TriggerScheduleRow> b)
    {
        b.ToTable("trigger_schedules");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.NextDueAt);
        b.HasIndex(x => x.DefinitionId);
    }
}

/// <summary>
/// Schedule rows claimed like bookmarks: one UPDATE … RETURNING with <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL and a
/// lease, so replicas never claim a row another holds; the advance is conditional on the occurrence that was fired.
/// </summary>
public sealed class EfTriggerScheduleStore(IDbContextFactory<PostPurchaseDbContext> contexts, DatabaseSettings database) : ITriggerScheduleStore
{
    public async Task<IReadOnlyList<TriggerSchedule>> ListAsync(string? definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<TriggerScheduleRow>().AsNoTracking();
        if (definitionId is not null) rows = rows.Where(r => r.DefinitionId == definitionId);
        return (await rows.ToListAsync(cancellationToken)).Select(ToSchedule).ToList();
    }

    public async Task AddAsync(IReadOnlyCollection<TriggerSchedule> schedules, CancellationToken cancellationToken = default)
    {
        if (schedules.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = schedules.Select(s => new TriggerScheduleRow
        {
            Id = s.Id, DefinitionId = s.DefinitionId, DefinitionVersionId = s.DefinitionVersionId, ActivityId = s.ActivityId,
            CronExpression = s.CronExpression, NextDueAt = UnixTime.Ms(s.NextDueAt),
        }).ToList();
        await new SqlBatch(db.Model).Insert(rows, "ON CONFLICT (\"Id\") DO NOTHING").ExecuteAtomicAsync(db, cancellationToken);
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<TriggerScheduleRow>().Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TriggerSchedule>> ClaimDueAsync(DateTimeOffset now, string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        var skipLocked = database.Provider == DatabaseProvider.PostgreSql ? "FOR UPDATE SKIP LOCKED" : "";
        var sql = $"""
            UPDATE trigger_schedules SET "LeaseOwner" = @owner, "LeaseUntil" = @leaseUntil
            WHERE "Id" IN (
                SELECT "Id" FROM trigger_schedules
                WHERE "NextDueAt" <= @now AND ("LeaseUntil" IS NULL OR "LeaseUntil" < @realNow)
                ORDER BY "NextDueAt" LIMIT @max {skipLocked})
            RETURNING "Id", "DefinitionId", "DefinitionVersionId", "ActivityId", "CronExpression", "NextDueAt"
            """;
        var parameters = new Dictionary<string, object?>
        {
            ["owner"] = owner, ["leaseUntil"] = UnixTime.Ms(leaseUntil), ["now"] = UnixTime.Ms(now),
            ["realNow"] = UnixTime.Ms(DateTimeOffset.UtcNow), ["max"] = max,
        };
        return await ClaimQuery.RunAsync(contexts, sql, parameters,
            r => new TriggerSchedule(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), UnixTime.At(r.GetInt64(5))), cancellationToken);
    }

    public async Task<bool> AdvanceAsync(string id, DateTimeOffset fired, DateTimeOffset next, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var firedMs = UnixTime.Ms(fired);
        var nextMs = UnixTime.Ms(next);
        return await db.Set<TriggerScheduleRow>().Where(r => r.Id == id && r.NextDueAt == firedMs).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.NextDueAt, nextMs)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseUntil, (long?)null), cancellationToken) > 0;
    }

    public async Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<TriggerScheduleRow>().Where(r => r.Id == id && r.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseUntil, (long?)null), cancellationToken);
    }

    private static TriggerSchedule ToSchedule(TriggerScheduleRow r) =>
        new(r.Id, r.DefinitionId, r.DefinitionVersionId, r.ActivityId, r.CronExpression, UnixTime.At(r.NextDueAt));
}
