using System.Collections.Concurrent;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Workflows.Tests.Support;

/// <summary>Records what test activities did, shared by every activity execution of one host.</summary>
public sealed class TestProbe
{
    public ConcurrentQueue<string> Executed { get; } = new();
    public ConcurrentDictionary<string, int> ExecutionsByKey { get; } = new();
    public int FailuresBeforeSuccess { get; set; }
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    /// <summary>Test.Gate runs in flight now.</summary>
    public int GatesWaiting => Volatile.Read(ref _gatesWaiting);

    /// <summary>Opens every Test.Gate, now and later.</summary>
    public TaskCompletionSource GateOpen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal int _gatesWaiting;
}

[Activity("Test", "Test", "Waits until TestProbe.GateOpen is set, counting the runs waiting meanwhile.")]
public sealed class Gate(TestProbe probe) : Activity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        Interlocked.Increment(ref probe._gatesWaiting);
        try
        {
            await probe.GateOpen.Task.WaitAsync(context.CancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref probe._gatesWaiting);
        }

        return ActivityResult.Done();
    }
}

[Activity("Test", "Test", "Records that it ran (by label and idempotency key).")]
public sealed class Record(TestProbe probe) : Activity
{
    public Input<string> Label { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        probe.Executed.Enqueue(await context.GetAsync(Label) ?? context.ActivityName);
        probe.ExecutionsByKey.AddOrUpdate(context.IdempotencyKey, 1, (_, n) => n + 1);
        return ActivityResult.Done();
    }
}

[Activity("Test", "Test", "Throws until it has failed TestProbe.FailuresBeforeSuccess times.")]
public sealed class Flaky(TestProbe probe) : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var attempts = probe.Attempts.AddOrUpdate(context.IdempotencyKey, 1, (_, n) => n + 1);
        if (attempts <= probe.FailuresBeforeSuccess) throw new InvalidOperationException($"boom {attempts}");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
