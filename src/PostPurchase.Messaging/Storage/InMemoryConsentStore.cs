using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Storage;

public sealed class InMemoryConsentStore : IConsentStore
{
    private readonly List<ConsentChange> _changes = [];
    private readonly Lock _lock = new();

    public Task RecordAsync(ConsentChange change, CancellationToken cancellationToken = default)
    {
        lock (_lock) _changes.Add(change);
        return Task.CompletedTask;
    }

    public async Task<ConsentChange?> GetCurrentAsync(Channel channel, string address, CancellationToken cancellationToken = default) =>
        (await HistoryAsync(channel, address, cancellationToken)).LastOrDefault();

    public Task<IReadOnlyList<ConsentChange>> HistoryAsync(Channel channel, string address, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<ConsentChange>>(_changes
                .Where(c => c.Channel == channel && c.Address == address)
                .OrderBy(c => c.At) // stable: equal times keep insertion order
                .ToList());
    }
}
