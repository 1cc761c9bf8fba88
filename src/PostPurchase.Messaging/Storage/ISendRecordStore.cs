using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Storage;

/// <summary>The gateway's send records: exactly-once bookkeeping and the frequency-cap history.</summary>
public interface ISendRecordStore
{
    Task<SendRecord?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically claims the send for one executor: inserts <paramref name="pending"/> when no record has its key, or
    /// takes over a Pending record whose claim is older than <paramref name="staleBefore"/> (its executor died).
    /// Otherwise nothing changes and the existing record is returned: completed (replay it) or freshly claimed
    /// by another executor (wait for it).
    /// </summary>
    Task<SendClaim> TryClaimAsync(SendRecord pending, DateTimeOffset staleBefore, CancellationToken cancellationToken = default);

    /// <summary>Inserts the record or replaces the one with the same idempotency key.</summary>
    Task SaveAsync(SendRecord record, CancellationToken cancellationToken = default);

    /// <summary>Records for the recipient on the channel created at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<SendRecord>> ListRecentAsync(Channel channel, string recipient, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Stores a provider's delivery report on the record with that provider id and returns it; null when none has it.</summary>
    Task<SendRecord?> UpdateDeliveryAsync(string providerMessageId, string deliveryStatus, string? errorCode, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <param name="Existing">
/// The record that prevented the claim, when <paramref name="Claimed"/> is false; when a stale claim was taken over,
/// that Pending record as it was before (its <c>ClaimedAt</c> tells since when the send is in doubt); otherwise null.
/// </param>
public sealed record SendClaim(bool Claimed, SendRecord? Existing);
