using Microsoft.EntityFrameworkCore;

namespace PostPurchase.Persistence.Security;

/// <summary>One recorded staff action. <see cref="At"/> is real time (UTC).</summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Actor, string Action, string Target, int? Version, string? Detail);

/// <summary>The <c>audit_entries</c> table: append and read, newest first; pruned by retention (<c>Retention__AuditDays</c>).</summary>
public sealed class AuditTrail(IDbContextFactory<PostPurchaseDbContext> contexts)
{
    public async Task RecordAsync(DateTimeOffset at, string actor, string action, string target, int? version, string? detail, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(new AuditEntryRow { At = UnixTime.Ms(at), Actor = actor, Action = action, Target = target, Version = version, Detail = detail });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <param name="before">Only entries older than this sequence (paging); null for the newest.</param>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int take, long? before = null, string? target = null, string? actor = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Set<AuditEntryRow>().AsNoTracking();
        if (before is not null) query = query.Where(e => e.Sequence < before);
        if (!string.IsNullOrEmpty(target)) query = query.Where(e => e.Target == target);
        if (!string.IsNullOrEmpty(actor)) query = query.Where(e => e.Actor == actor);
        var rows = await query.OrderByDescending(e => e.Sequence).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return rows.Select(r => new AuditEntry(r.Sequence, UnixTime.At(r.At), r.Actor, r.Action, r.Target, r.Version, r.Detail)).ToList();
    }
}
