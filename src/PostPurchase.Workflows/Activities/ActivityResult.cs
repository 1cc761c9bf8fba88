namespace PostPurchase.Workflows.Activities;

/// <summary>What an activity did: completed through one or more outcome ports, or suspended on bookmarks.</summary>
public sealed class ActivityResult
{
    private ActivityResult(IReadOnlyList<string> outcomes, IReadOnlyList<BookmarkRequest> bookmarks)
    {
        Outcomes = outcomes;
        Bookmarks = bookmarks;
    }

    public IReadOnlyList<string> Outcomes { get; }
    public IReadOnlyList<BookmarkRequest> Bookmarks { get; }
    public bool IsSuspended => Bookmarks.Count > 0;

    public static ActivityResult Done() => Outcome(WellKnownOutcomes.Done);

    public static ActivityResult Outcome(params string[] outcomes) => new(outcomes, []);

    /// <summary>Completes without following any port (the path ends here).</summary>
    public static ActivityResult End() => new([], []);

    public static ActivityResult Suspend(params BookmarkRequest[] bookmarks)
    {
        if (bookmarks.Length == 0) throw new ArgumentException("Suspending needs at least one bookmark.", nameof(bookmarks));
        return new([], bookmarks);
    }
}

public static class WellKnownOutcomes
{
    public const string Done = "Done";
    public const string In = "In";
}
