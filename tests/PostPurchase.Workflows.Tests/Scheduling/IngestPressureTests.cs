using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PostPurchase.TestSupport;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.InMemory;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Scheduling;

/// <summary>Webhooks first: while deliveries queue up, the background worker keeps only a few steps in flight.</summary>
public sealed class IngestPressureTests
{
    [Fact]
    public void A_burst_lasts_while_the_threshold_of_deliveries_is_in_flight_and_for_the_hold_after()
    {
        var held = new IngestPressure(Options.Create(new WorkflowWorkerOptions { BurstThreshold = 3, BurstHold = TimeSpan.FromHours(1) }));
        var unheld = new IngestPressure(Options.Create(new WorkflowWorkerOptions { BurstThreshold = 3, BurstHold = TimeSpan.Zero }));

        foreach (var pressure in new[] { held, unheld })
        {
            var deliveries = new List<IngestPressure.Delivery> { pressure.Enter(), pressure.Enter() };
            Assert.False(pressure.IsBursting);
            deliveries.Add(pressure.Enter());
            Assert.Equal(3, pressure.InFlight);
            Assert.True(pressure.IsBursting);
            deliveries[0].Dispose();
            deliveries[0].Dispose(); // answered once, counted once
            Assert.Equal(2, pressure.InFlight);
        }

        Assert.True(held.IsBursting);
        Assert.False(unheld.IsBursting);
    }

    [Theory]
    [InlineData(1, 4, false)]
    [InlineData(0, 4, false)]
    [InlineData(1, 0, true)]
    [InlineData(2, 4, true)]
    public void A_burst_threshold_below_two_is_refused_at_start_up_unless_the_burst_mode_is_off(int threshold, int burstParallelism, bool accepted)
    {
        var options = Options.Create(new WorkflowWorkerOptions { BurstThreshold = threshold, BurstParallelism = burstParallelism });

        var error = Xunit.Record.Exception(() => new IngestPressure(options));

        if (accepted) Assert.Null(error);
        else Assert.Contains("Worker:BurstThreshold", Assert.IsType<InvalidOperationException>(error).Message);
    }

    [Fact]
    public async Task During_a_burst_the_worker_keeps_BurstParallelism_steps_in_flight_and_widens_after_it()
    {
        var claims = new System.Collections.Concurrent.ConcurrentQueue<(int Max, bool Bursting)>();
        await using var host = new EngineHost(configure: services =>
        {
            services.Configure<WorkflowWorkerOptions>(o =>
            {
                o.Enabled = true;
                o.Parallelism = 16;
                o.BurstParallelism = 2;
                o.BurstThreshold = 2;
                o.PollInterval = TimeSpan.FromMilliseconds(20);
            });
            services.AddSingleton<IBookmarkQueue>(sp => new ClaimLog(
                sp.GetRequiredService<InMemoryInstanceStore>(), sp.GetRequiredService<IngestPressure>(), claims));
        });
        var id = await host.ImportAsync(new Flow("gated")
            .Add("wait", "Elsa.Delay", ("timeSpan", Literal("00:01:00"))).Add("gate", "Test.Gate").Connect("wait", "gate").Build());
        var instances = new List<string>();
        for (var i = 0; i < 10; i++) instances.Add((await host.StartAsync(id)).Id);
        host.Clock.Advance(TimeSpan.FromMinutes(2));

        var pressure = host.Services.GetRequiredService<IngestPressure>();
        var deliveries = new[] { pressure.Enter(), pressure.Enter() };
        var worker = host.Worker;
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.Until(() => host.Probe.GatesWaiting == 2);
            foreach (var delivery in deliveries) delivery.Dispose();
            await Eventually.Until(() => host.Probe.GatesWaiting == 10);

            // While deliveries queued up, every claim asked for at most two due timers; after the burst, for the rest at once.
            Assert.All(claims.Where(c => c.Bursting), c => Assert.InRange(c.Max, 0, 2));
            Assert.Contains(claims, c => c is { Bursting: true, Max: 2 });
            Assert.Contains(claims, c => c is { Bursting: false, Max: > 2 });

            host.Probe.GateOpen.SetResult();
            foreach (var instanceId in instances) await Eventually.Until(async () => (await host.GetAsync(instanceId)).SubStatus == WorkflowSubStatus.Finished);
        }
        finally
        {
            host.Probe.GateOpen.TrySetResult();
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The in-memory bookmark queue, noting how many rows each claim asked for and whether a burst was on.</summary>
    private sealed class ClaimLog(InMemoryInstanceStore inner, IngestPressure pressure, System.Collections.Concurrent.ConcurrentQueue<(int, bool)> claims) : IBookmarkQueue
    {
        public Task<IReadOnlyList<BookmarkRef>> ClaimDueAsync(DateTimeOffset now, string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
        {
            claims.Enqueue((max, pressure.IsBursting));
            return inner.ClaimDueAsync(now, owner, leaseUntil, max, cancellationToken);
        }

        public Task ReleaseAsync(string bookmarkId, string owner, CancellationToken cancellationToken = default) => inner.ReleaseAsync(bookmarkId, owner, cancellationToken);

        public Task<IReadOnlyList<BookmarkRef>> FindByEventAsync(string eventName, string? instanceId, string? correlationId, CancellationToken cancellationToken = default) =>
            inner.FindByEventAsync(eventName, instanceId, correlationId, cancellationToken);

        public Task<IReadOnlyList<(BookmarkRef Bookmark, string EventName)>> FindByEventPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
            inner.FindByEventPrefixAsync(prefix, cancellationToken);

        public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) => inner.NextDueAsync(cancellationToken);

        public Task<int> CountDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.CountDueAsync(now, cancellationToken);
    }
}
