namespace PostPurchase.Workflows.Runtime;

/// <summary>Engine settings (section <c>Workflows</c>).</summary>
public sealed class WorkflowRuntimeOptions
{
    /// <summary>Tries per activity execution before the instance is Faulted (1 = no retry).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; doubles with each further attempt (workflow clock).</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Activities one run may execute before it is stopped as a runaway loop.</summary>
    public int MaxStepsPerRun { get; set; } = 10_000;
}

/// <summary>Worker settings: how replicas claim due bookmarks and queued work.</summary>
public sealed class WorkflowWorkerOptions
{
    /// <summary>Identifies this replica in leases (default: machine name and process id).</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>How long a claim is held before another replica may take the work over (real time).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest real-time wait between polls when nothing signals new work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Most rows one claim statement takes.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Steps (work items and due bookmarks) in flight at once. A step mostly waits on the database and on SMTP or
    /// Twilio, so this is concurrent I/O rather than threads; it also bounds the sends a killed replica leaves in doubt.
    /// </summary>
    public int Parallelism { get; set; } = 64;

    /// <summary>
    /// Steps in flight while webhooks queue up (<see cref="Scheduling.IngestPressure"/>), so a burst is taken in first
    /// and drained right after; 0 = no such limit.
    /// </summary>
    public int BurstParallelism { get; set; } = 4;

    /// <summary>Webhook deliveries in flight at once from which the worker counts it as a burst (see <see cref="BurstParallelism"/>); 2 or more.</summary>
    public int BurstThreshold { get; set; } = 8;

    /// <summary>How long a burst still counts after deliveries last queued up, so the worker does not flap (real time).</summary>
    public TimeSpan BurstHold { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>False in tests that drive the worker by hand with <c>RunOnceAsync</c>.</summary>
    public bool Enabled { get; set; } = true;
}
