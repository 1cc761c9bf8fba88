using Microsoft.Extensions.Options;
using PostPurchase.Workflows.Runtime;

namespace PostPurchase.Workflows.Scheduling;

/// <summary>
/// Webhooks first. A provider waits on every delivery (and retries, or in the end disables, an endpoint that is slow),
/// while a confirmation may follow a few seconds later. So the webhook path counts its deliveries in flight, and while
/// they queue up (<see cref="WorkflowWorkerOptions.BurstThreshold"/> or more at once, seen within the last half second)
/// the worker keeps at most <see cref="WorkflowWorkerOptions.BurstParallelism"/> steps in flight, leaving the processor
/// and the database to the deliveries; it drains at full width as soon as the burst has been taken in.
/// </summary>
public sealed class IngestPressure(IOptions<WorkflowWorkerOptions> options)
{
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(500);

    private readonly int _threshold = options.Value.BurstThreshold;
    private int _inFlight;
    private long _burstSeenAt;
    private int _burstSeen;

    /// <summary>Deliveries being taken in right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>True while deliveries queue up, or did within the last half second.</summary>
    public bool IsBursting =>
        Volatile.Read(ref _burstSeen) == 1 && TimeProvider.System.GetElapsedTime(Volatile.Read(ref _burstSeenAt)) < Hold;

    /// <summary>Counts one delivery in flight until the returned scope is disposed.</summary>
    public Delivery Enter()
    {
        if (Interlocked.Increment(ref _inFlight) >= _threshold)
        {
            Volatile.Write(ref _burstSeenAt, TimeProvider.System.GetTimestamp());
            Volatile.Write(ref _burstSeen, 1);
        }

        return new Delivery(this);
    }

    /// <summary>One delivery in flight; dispose when it is answered.</summary>
    public readonly struct Delivery(IngestPressure pressure) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref pressure._inFlight);
    }
}
