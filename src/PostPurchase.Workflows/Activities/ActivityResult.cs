namespace PostPurchase.Workflows.Activities;

/// <summary>What an activity did: completed through one or more outcome ports, or suspended on bookmarks.</summary>
public sealed class ActivityResult
{
    private ActivityResult(IReadOnlyList<string> outcomes, IReadOnlyList<BookmarkRequest> bookmarks, ActivitySignal signal = ActivitySignal.None)
    {
        Outcomes = outcomes;
        Bookmarks = bookmarks;
        Signal = signal;
    }

    /// <summary>Asks the engine to end more than this path: the whole workflow (Elsa.Complete) or the nearest loop (Elsa.Break).</summary>
    public ActivitySignal Signal { get; }

    public IReadOnlyList<string> Outcomes { get; }
    public IReadOnlyList<BookmarkRequest> Bookmarks { get; }
    public bool IsSuspended => Bookmarks.Count > 0;

    public static ActivityResult Done() => Outcome(WellKnownOutcomes.Done);

    public static ActivityResult Outcome(params string[] outcomes) => new(outcomes, []);

    /// <summary>Completes without following any port (the path ends here).</summary>
    public static ActivityResult End() => new([], []);

    /// <summary>Elsa.Complete: ends every path of the workflow, which finishes with these outcomes.</summary>
    public static ActivityResult CompleteWorkflow(params string[] outcomes) => new(outcomes, [], ActivitySignal.CompleteWorkflow);

    /// <summary>Elsa.Break: ends the body of the nearest enclosing loop, which then completes.</summary>
    public static ActivityResult Break() => new([], [], ActivitySignal.Break);

    public static ActivityResult Suspend(params BookmarkRequest[] bookmarks)
    {
        if (bookmarks.Length == 0) throw new ArgumentException("Suspending needs at least one bookmark.", nameof(bookmarks));
        return new([], bookmarks);
    }
}

/// <summary>What an activity asks of the engine beyond following its outcomes.</summary>
public enum ActivitySignal
{
    None,
    CompleteWorkflow,
    Break,
}

/// <summary>
/// A composite activity (sequence, loop, branch…): the engine schedules its children through the ports its
/// <see cref="IActivity.ExecuteAsync"/> returns, and calls <see cref="OnChildCompletedAsync"/> when they are done;
/// that returns the composite's own outcomes, or a port to schedule a child again (a loop's next iteration).
/// </summary>
public interface ICompositeActivity : IActivity
{
    ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context);
}

public static class WellKnownOutcomes
{
    public const string Done = "Done";
    public const string In = "In";
}
