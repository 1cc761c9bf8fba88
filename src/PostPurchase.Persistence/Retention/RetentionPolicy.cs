namespace PostPurchase.Persistence.Retention;

/// <summary>
/// How long finished work is kept (settings <c>Retention__*</c>). Waiting instances are never pruned, and send records
/// are kept at least as long as the marketing frequency cap looks back.
/// </summary>
public sealed record RetentionPolicy(TimeSpan FinishedInstances, TimeSpan InboxEvents, TimeSpan SendRecords, TimeSpan Interval)
{
    /// <summary>How long the journey report's facts and tracked links (so old links still redirect) are kept.</summary>
    public TimeSpan ReportFacts { get; init; } = TimeSpan.FromDays(400);

    /// <summary>How long the audit trail of staff actions is kept (real time).</summary>
    public TimeSpan AuditEntries { get; init; } = TimeSpan.FromDays(400);

    public static readonly RetentionPolicy Default = new(TimeSpan.FromDays(30), TimeSpan.FromDays(30), TimeSpan.FromDays(90), TimeSpan.FromHours(1));
}

public sealed record PruneResult(int Instances, int JournalLines, int InboxEvents, int SendRecords, int ReportFacts = 0, int TrackedLinks = 0, int AuditEntries = 0)
{
    public int Total => Instances + JournalLines + InboxEvents + SendRecords + ReportFacts + TrackedLinks + AuditEntries;
}
