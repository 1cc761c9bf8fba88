namespace PostPurchase.Workflows.Scheduling;

/// <summary>
/// At most N claimed steps in flight at once, each started as soon as it is claimed and finishing on its own: no pass
/// waits for its slowest step. A step is mostly waiting (database commits, SMTP round trips), so N is about concurrent
/// I/O, not processor threads. The capacity is asked anew each time (it narrows during a webhook burst).
/// </summary>
internal sealed class WorkerPipeline(Func<int> capacity)
{
    private readonly object _gate = new();
    private readonly HashSet<Task> _running = [];
    private TaskCompletionSource _completed = NewSignal();

    public int InFlight
    {
        get { lock (_gate) return _running.Count; }
    }

    public int FreeSlots => Math.Max(0, capacity() - InFlight);

    /// <summary>Runs <paramref name="step"/> in a slot; its exceptions are the step's own business (it logs them).</summary>
    public void Start(Func<Task> step)
    {
        var task = Task.Run(step);
        lock (_gate) _running.Add(task);
        task.ContinueWith(finished =>
        {
            _ = finished.Exception; // observed: a step logs its own failures
            TaskCompletionSource signal;
            lock (_gate)
            {
                _running.Remove(finished);
                signal = _completed;
                _completed = NewSignal();
            }

            signal.TrySetResult();
        }, TaskScheduler.Default);
    }

    /// <summary>
    /// Waits until a quarter of the slots are free, or nothing is in flight, so claims come in batches rather than one
    /// statement per finished step, while the rest keep running.
    /// </summary>
    public async Task WaitForRefillAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                var slots = capacity();
                if (_running.Count == 0 || slots - _running.Count >= Math.Max(1, slots / 4)) return;
                next = _completed.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits for every step in flight (shutdown).</summary>
    public async Task WhenIdleAsync()
    {
        Task[] running;
        lock (_gate) running = _running.ToArray();
        try
        {
            await Task.WhenAll(running);
        }
        catch (Exception)
        {
            // Each step already logged its failure.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
