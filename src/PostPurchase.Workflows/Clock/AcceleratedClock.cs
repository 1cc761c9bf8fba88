namespace PostPurchase.Workflows.Clock;

/// <summary>
/// Workflow time that runs <c>speed</c> times faster than real time from the moment it is created
/// (<c>Clock__Speed=86400</c>: a day per second). Only workflow time uses it; signatures and sign-in use real time.
/// </summary>
public sealed class AcceleratedClock : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;
    private readonly double _speed;

    public AcceleratedClock(double speed, TimeProvider? real = null)
    {
        if (speed <= 0) throw new ArgumentOutOfRangeException(nameof(speed), "Clock speed must be positive.");
        _real = real ?? System;
        _speed = speed;
        _origin = _real.GetUtcNow();
        _originTimestamp = _real.GetTimestamp();
    }

    public double Speed => _speed;

    public override DateTimeOffset GetUtcNow() =>
        _origin + TimeSpan.FromTicks((long)(_real.GetElapsedTime(_originTimestamp).Ticks * _speed));
}
