using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Storage;

/// <summary>The suppression list and consent history, checked by the gateway at send time.</summary>
public interface IConsentStore
{
    /// <summary>Appends a change; it takes effect for the next send.</summary>
    Task RecordAsync(ConsentChange change, CancellationToken cancellationToken = default);

    /// <summary>The latest change for the address on the channel (by time, then by insertion), or null when none was recorded.</summary>
    Task<ConsentChange?> GetCurrentAsync(Channel channel, string address, CancellationToken cancellationToken = default);

    /// <summary>Every change for the address on the channel, oldest first.</summary>
    Task<IReadOnlyList<ConsentChange>> HistoryAsync(Channel channel, string address, CancellationToken cancellationToken = default);
}
