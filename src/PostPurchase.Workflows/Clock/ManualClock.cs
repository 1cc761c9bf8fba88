namespace PostPurchase.Workflows.Clock;

/// <summary>A clock that moves only when told to: tests and the simulator advance it instead of sleeping.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _lock = new();
    private DateTimeOffset _now = start;

    public ManualClock() : this(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)) { }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock) _now += by;
    }

    public void SetUtcNow(DateTimeOffset now)
    {
        lock (_lock) _now = now;
    }
}
