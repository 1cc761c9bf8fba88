using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Storage;

/// <summary>The gateway's send records: exactly-once bookkeeping and the frequency-cap history.</summary>
public interface ISendRecordStore
{
    Task<SendRecord?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Inserts the record or replaces the one with the same idempotency key.</summary>
    Task SaveAsync(SendRecord record, CancellationToken cancellationToken = default);

    /// <summary>Records for the recipient on the channel created at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<SendRecord>> ListRecentAsync(Channel channel, string recipient, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Stores a provider's delivery report on the record with that provider id; false when none has it.</summary>
    Task<bool> UpdateDeliveryAsync(string providerMessageId, string deliveryStatus, string? errorCode, DateTimeOffset at, CancellationToken cancellationToken = default);
}
