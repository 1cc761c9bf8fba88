namespace PostPurchase.Persistence.Retention;

/// <summary>
/// How long finished work is kept (settings <c>Retention__*</c>). Waiting instances are never pruned, and send records
/// are kept at least as long as the marketing frequency cap looks back.
/// </summary>
public sealed record RetentionPolicy(TimeSpan FinishedInstances, TimeSpan InboxEvents, TimeSpan SendRecords, TimeSpan Interval)
{
    public static readonly RetentionPolicy Default = new(TimeSpan.FromDays(30), TimeSpan.FromDays(30), TimeSpan.FromDays(90), TimeSpan.FromHours(1));
}

public sealed record PruneResult(int Instances, int JournalLines, int InboxEvents, int SendRecords)
{
    public int Total => Instances + JournalLines + InboxEvents + SendRecords;
}
