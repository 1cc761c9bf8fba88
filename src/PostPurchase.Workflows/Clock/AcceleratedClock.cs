namespace PostPurchase.Workflows.Clock;

/// <summary>
/// Workflow time that runs <c>speed</c> times faster than real time from <c>origin</c>, the real instant at which both
/// agree (<c>Clock__Speed=86400</c>: a day per second). Replicas given the same origin (<c>Clock__Origin</c>) share one
/// workflow time, also across restarts; without it the origin is the moment the clock is created. Only workflow time
/// uses it; signatures, leases and sign-in use real time.
/// </summary>
public sealed class AcceleratedClock : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly DateTimeOffset _origin;
    private readonly double _speed;

    public AcceleratedClock(double speed, TimeProvider? real = null, DateTimeOffset? origin = null)
    {
        if (speed <= 0) throw new ArgumentOutOfRangeException(nameof(speed), "Clock speed must be positive.");
        _real = real ?? System;
        _speed = speed;
        _origin = origin ?? _real.GetUtcNow();
    }

    public double Speed => _speed;

    public override DateTimeOffset GetUtcNow() =>
        _origin + TimeSpan.FromTicks((long)((_real.GetUtcNow() - _origin).Ticks * _speed));
}
