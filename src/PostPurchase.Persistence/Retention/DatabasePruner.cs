using Microsoft.EntityFrameworkCore;
using PostPurchase.Persistence.Commerce;
using PostPurchase.Persistence.Engagement;
using PostPurchase.Persistence.Messaging;
using PostPurchase.Persistence.Security;
using PostPurchase.Persistence.Workflows;
using PostPurchase.Workflows.Model;

namespace PostPurchase.Persistence.Retention;

/// <summary>
/// Deletes what the retention policy no longer keeps, in small batches so no statement holds locks for long. Safe to
/// run on every replica at once: each delete is idempotent.
/// </summary>
public sealed class DatabasePruner(IDbContextFactory<PostPurchaseDbContext> contexts)
{
    private const int BatchSize = 1000;

    /// <param name="journeyNow">The workflow clock (instances and send records are stamped with it).</param>
    /// <param name="realNow">Real time (inbox rows are stamped with it).</param>
    public async Task<PruneResult> PruneAsync(RetentionPolicy policy, DateTimeOffset journeyNow, DateTimeOffset realNow, CancellationToken cancellationToken = default)
    {
        var finishedBefore = UnixTime.Ms(journeyNow - policy.FinishedInstances);
        var inboxBefore = UnixTime.Ms(realNow - policy.InboxEvents);
        var sendsBefore = UnixTime.Ms(journeyNow - policy.SendRecords);
        var factsBefore = UnixTime.Ms(journeyNow - policy.ReportFacts);
        var auditBefore = UnixTime.Ms(realNow - policy.AuditEntries);
        int instances = 0, journal = 0, inbox = 0, sends = 0, facts, links, audit;

        while (!cancellationToken.IsCancellationRequested)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var ids = await db.Set<InstanceRow>()
                .Where(i => i.Status == (int)WorkflowStatus.Finished && i.FinishedAt != null && i.FinishedAt < finishedBefore)
                .OrderBy(i => i.FinishedAt).Select(i => i.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0) break;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            journal += await db.Set<JournalRow>().Where(j => ids.Contains(j.InstanceId)).ExecuteDeleteAsync(cancellationToken);
            await db.Set<BookmarkRow>().Where(b => ids.Contains(b.InstanceId)).ExecuteDeleteAsync(cancellationToken);
            instances += await db.Set<InstanceRow>().Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            inbox = await db.Set<InboxEventRow>().Where(e => e.ReceivedAt < inboxBefore).ExecuteDeleteAsync(cancellationToken);
            sends = await db.Set<SendRecordRow>().Where(s => s.CreatedAt < sendsBefore).ExecuteDeleteAsync(cancellationToken);
            facts = await db.Set<JourneyEventRow>().Where(e => e.At < factsBefore).ExecuteDeleteAsync(cancellationToken);
            links = await db.Set<TrackedLinkRow>().Where(l => l.CreatedAt < factsBefore).ExecuteDeleteAsync(cancellationToken);
            audit = await db.Set<AuditEntryRow>().Where(e => e.At < auditBefore).ExecuteDeleteAsync(cancellationToken);
        }

        return new PruneResult(instances, journal, inbox, sends, facts, links, audit);
    }
}
