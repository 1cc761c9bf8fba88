namespace PostPurchase.Server.Simulations;

/// <summary>
/// At most <see cref="Limit"/> test sends per Studio user in any hour (sliding window, kept in memory on this replica).
/// </summary>
public sealed class TestSendLimiter(TimeProvider clock)
{
    public const int Limit = 10;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly Dictionary<string, Queue<DateTimeOffset>> _sends = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Takes one send for <paramref name="user"/>; null when allowed, else how long until the next one is.</summary>
    public TimeSpan? TryTake(string user)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (!_sends.TryGetValue(user, out var sends)) _sends[user] = sends = new Queue<DateTimeOffset>();
            while (sends.Count > 0 && sends.Peek() <= now - Window) sends.Dequeue();
            if (sends.Count >= Limit) return sends.Peek() + Window - now;
            sends.Enqueue(now);
            return null;
        }
    }
}
