using Microsoft.EntityFrameworkCore;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;

namespace PostPurchase.Persistence.Messaging;

public sealed class EfSendRecordStore(IDbContextFactory<PostPurchaseDbContext> contexts) : ISendRecordStore
{
    public async Task<SendRecord?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = new SqlBatch(db.Model);
        query.Select<SendRecordRow>($"\"IdempotencyKey\" = {query.Parameter(idempotencyKey)}");
        var rows = await query.QueryAsync(db, query.Read<SendRecordRow>, cancellationToken);
        return rows.Count == 0 ? null : ToRecord(rows[0]);
    }

    public async Task<SendClaim> TryClaimAsync(SendRecord pending, DateTimeOffset staleBefore, CancellationToken cancellationToken = default)
    {
        // One statement: the key decides who claims; an existing key falls through to the checks below.
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await new SqlBatch(db.Model).Insert([ToRow(pending)], "ON CONFLICT DO NOTHING").ExecuteAtomicAsync(db, cancellationToken) == 1)
                return new SendClaim(true, null);
        }

        // The key exists (a replay or a racing executor): rare, so plain reads. The record as it was before a takeover
        // tells the gateway since when the send is in doubt.
        var before = await FindAsync(pending.IdempotencyKey, cancellationToken);
        if (before is null || before.Status != SendStatus.Pending || before.ClaimedAt >= staleBefore) return new SendClaim(false, before);
        await using var again = await contexts.CreateDbContextAsync(cancellationToken);
        var stale = UnixTime.Ms(staleBefore);
        var claimedAt = UnixTime.Ms(pending.ClaimedAt);
        var takenOver = await again.Set<SendRecordRow>()
            .Where(r => r.IdempotencyKey == pending.IdempotencyKey && r.Status == (int)SendStatus.Pending && (r.ClaimedAt == null || r.ClaimedAt < stale))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ClaimedAt, claimedAt), cancellationToken);
        return takenOver == 1 ? new SendClaim(true, before) : new SendClaim(false, await FindAsync(pending.IdempotencyKey, cancellationToken));
    }

    public async Task SaveAsync(SendRecord record, CancellationToken cancellationToken = default)
    {
        // Nearly every save completes a record this executor claimed; the rest (a suppressed or failed message that
        // was never claimed) insert it. One statement either way, and a row another replica inserted is replaced.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await new SqlBatch(db.Model).Insert([ToRow(record)], SqlBatch.ReplaceOnConflict<SendRecordRow>(db.Model)).ExecuteAtomicAsync(db, cancellationToken);
    }

    public async Task<IReadOnlyList<SendRecord>> ListRecentAsync(Channel channel, string recipient, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sinceMs = UnixTime.Ms(since);
        var rows = await db.Set<SendRecordRow>().AsNoTracking()
            .Where(r => r.Channel == (int)channel && r.Recipient == recipient && r.CreatedAt >= sinceMs)
            .OrderBy(r => r.CreatedAt)
            .ToListAsync(cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<SendRecord?> UpdateDeliveryAsync(string providerMessageId, string deliveryStatus, string? errorCode, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var atMs = UnixTime.Ms(at);
        var updated = await db.Set<SendRecordRow>()
            .Where(r => r.ProviderMessageId == providerMessageId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.DeliveryStatus, deliveryStatus)
                .SetProperty(r => r.DeliveryErrorCode, errorCode)
                .SetProperty(r => r.DeliveryUpdatedAt, atMs), cancellationToken);
        if (updated == 0) return null;
        var row = await db.Set<SendRecordRow>().AsNoTracking().FirstAsync(r => r.ProviderMessageId == providerMessageId, cancellationToken);
        return ToRecord(row);
    }

    private static SendRecordRow ToRow(SendRecord r) => new()
    {
        IdempotencyKey = r.IdempotencyKey,
        Channel = (int)r.Channel,
        Category = (int)r.Category,
        Recipient = r.Recipient,
        Status = (int)r.Status,
        CreatedAt = UnixTime.Ms(r.CreatedAt),
        CompletedAt = UnixTime.Ms(r.CompletedAt),
        WorkflowInstanceId = r.WorkflowInstanceId,
        DefinitionId = r.DefinitionId,
        ActivityId = r.ActivityId,
        Subject = r.Subject,
        ProviderMessageId = r.ProviderMessageId,
        Detail = r.Detail,
        ReasonClass = r.ReasonClass,
        Segments = r.Segments,
        DeliveryStatus = r.DeliveryStatus,
        DeliveryErrorCode = r.DeliveryErrorCode,
        DeliveryUpdatedAt = UnixTime.Ms(r.DeliveryUpdatedAt),
        ClaimedAt = UnixTime.Ms(r.ClaimedAt),
    };

    private static SendRecord ToRecord(SendRecordRow r) => new()
    {
        IdempotencyKey = r.IdempotencyKey,
        Channel = (Channel)r.Channel,
        Category = (MessageCategory)r.Category,
        Recipient = r.Recipient,
        Status = (SendStatus)r.Status,
        CreatedAt = UnixTime.At(r.CreatedAt),
        CompletedAt = UnixTime.At(r.CompletedAt),
        WorkflowInstanceId = r.WorkflowInstanceId,
        DefinitionId = r.DefinitionId,
        ActivityId = r.ActivityId,
        Subject = r.Subject,
        ProviderMessageId = r.ProviderMessageId,
        Detail = r.Detail,
        ReasonClass = r.ReasonClass,
        Segments = r.Segments,
        DeliveryStatus = r.DeliveryStatus,
        DeliveryErrorCode = r.DeliveryErrorCode,
        DeliveryUpdatedAt = UnixTime.At(r.DeliveryUpdatedAt),
        ClaimedAt = UnixTime.At(r.ClaimedAt),
    };
}
