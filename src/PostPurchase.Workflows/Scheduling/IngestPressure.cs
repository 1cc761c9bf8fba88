using Microsoft.Extensions.Options;
using PostPurchase.Workflows.Runtime;

namespace PostPurchase.Workflows.Scheduling;

/// <summary>
/// Webhooks first. A provider waits on every delivery (and retries, or in the end disables, an endpoint that is slow),
/// while a confirmation may follow a few seconds later. So the webhook path counts its deliveries in flight, and while
/// they queue up (<see cref="WorkflowWorkerOptions.BurstThreshold"/> or more at once, and for
/// <see cref="WorkflowWorkerOptions.BurstHold"/> after) the worker keeps at most
/// <see cref="WorkflowWorkerOptions.BurstParallelism"/> steps in flight, leaving the processor and the database to the
/// deliveries; it drains at full width once the burst has been taken in. Per process: a replica that only takes
/// webhooks does not slow the workers of others.
/// </summary>
public sealed class IngestPressure
{
    private readonly int _threshold;
    private readonly TimeSpan _hold;
    private int _inFlight;
    private long _lastQueuedAt;

    /// <exception cref="InvalidOperationException">The burst mode is on and <see cref="WorkflowWorkerOptions.BurstThreshold"/> is below 2.</exception>
    public IngestPressure(IOptions<WorkflowWorkerOptions> options)
    {
        var settings = options.Value;
        if (settings.BurstParallelism > 0 && settings.BurstThreshold < 2)
            throw new InvalidOperationException($"Worker:BurstThreshold is {settings.BurstThreshold}; it must be 2 or more (or turn the burst mode off with Worker:BurstParallelism=0).");
        _threshold = settings.BurstThreshold;
        _hold = settings.BurstHold;
    }

    /// <summary>Deliveries being taken in right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>True while deliveries queue up, and for <see cref="WorkflowWorkerOptions.BurstHold"/> after they last did.</summary>
    public bool IsBursting
    {
        get
        {
            if (InFlight >= _threshold) return true;
            var last = Volatile.Read(ref _lastQueuedAt);
            return last != 0 && TimeProvider.System.GetElapsedTime(last) < _hold;
        }
    }

    /// <summary>Counts one delivery in flight until the returned scope is disposed.</summary>
    public Delivery Enter()
    {
        if (Interlocked.Increment(ref _inFlight) >= _threshold) Volatile.Write(ref _lastQueuedAt, TimeProvider.System.GetTimestamp());
        return new Delivery(this);
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _inFlight) + 1 >= _threshold) Volatile.Write(ref _lastQueuedAt, TimeProvider.System.GetTimestamp());
    }

    /// <summary>One delivery in flight, from <see cref="Enter"/> until it is answered.</summary>
    public sealed class Delivery : IDisposable
    {
        private IngestPressure? _pressure;

        internal Delivery(IngestPressure pressure) => _pressure = pressure;

        /// <summary>The delivery is answered; a second call does nothing.</summary>
        public void Dispose() => Interlocked.Exchange(ref _pressure, null)?.Leave();
    }
}
