using System.Collections.Concurrent;
using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Storage;

public sealed class InMemorySendRecordStore : ISendRecordStore
{
    private readonly ConcurrentDictionary<string, SendRecord> _records = new();
    private readonly Lock _claimLock = new();

    public Task<SendRecord?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.GetValueOrDefault(idempotencyKey));

    public Task<SendClaim> TryClaimAsync(SendRecord pending, DateTimeOffset staleBefore, CancellationToken cancellationToken = default)
    {
        lock (_claimLock)
        {
            var found = _records.TryGetValue(pending.IdempotencyKey, out var existing);
            if (found && (existing!.Status != SendStatus.Pending || existing.ClaimedAt >= staleBefore))
                return Task.FromResult(new SendClaim(false, existing));
            _records[pending.IdempotencyKey] = pending;
            return Task.FromResult(new SendClaim(true, found ? existing : null));
        }
    }

    public Task SaveAsync(SendRecord record, CancellationToken cancellationToken = default)
    {
        _records[record.IdempotencyKey] = record;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SendRecord>> ListRecentAsync(Channel channel, string recipient, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SendRecord>>(_records.Values
            .Where(r => r.Channel == channel && r.Recipient == recipient && r.CreatedAt >= since)
            .OrderBy(r => r.CreatedAt)
            .ToList());

    public Task<SendRecord?> UpdateDeliveryAsync(string providerMessageId, string deliveryStatus, string? errorCode, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        foreach (var (key, record) in _records)
        {
            if (record.ProviderMessageId != providerMessageId) continue;
            var updated = record with { DeliveryStatus = deliveryStatus, DeliveryErrorCode = errorCode, DeliveryUpdatedAt = at };
            _records[key] = updated;
            return Task.FromResult<SendRecord?>(updated);
        }

        return Task.FromResult<SendRecord?>(null);
    }
}
