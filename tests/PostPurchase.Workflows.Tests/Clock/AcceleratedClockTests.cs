using PostPurchase.Workflows.Clock;

namespace PostPurchase.Workflows.Tests.Clock;

public sealed class AcceleratedClockTests
{
    [Fact]
    public void Workflow_time_runs_speed_times_faster_from_the_origin()
    {
        var real = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = new AcceleratedClock(86_400, real);

        real.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
    }

    [Fact]
    public void Replicas_started_at_different_times_with_one_origin_agree()
    {
        var origin = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var real = new ManualClock(origin);
        var first = new AcceleratedClock(1_000, real, origin);
        real.Advance(TimeSpan.FromSeconds(30));
        var restarted = new AcceleratedClock(1_000, real, origin);
        real.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(first.GetUtcNow(), restarted.GetUtcNow());
        Assert.Equal(origin.AddSeconds(31_000), restarted.GetUtcNow());
    }
}
