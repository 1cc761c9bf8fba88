namespace PostPurchase.Workflows.Scheduling.Cron;

/// <summary>
/// One published <c>Elsa.Cron</c> trigger: the definition version and activity it starts, its cron expression and the
/// next occurrence (UTC, workflow time) it has not yet fired. Stored as one row per trigger, claimed like bookmarks.
/// </summary>
/// <param name="Id">The trigger's identity across versions: <c>{definitionId}:{activityId}</c>.</param>
public sealed record TriggerSchedule(string Id, string DefinitionId, string DefinitionVersionId, string ActivityId, string CronExpression, DateTimeOffset NextDueAt)
{
    public static string IdFor(string definitionId, string activityId) => $"{definitionId}:{activityId}";
}

/// <summary>
/// The schedule rows of recurring triggers. Claims take a lease (real time) so several replicas share the table and a
/// dead replica's claim runs out; <see cref="AdvanceAsync"/> moves a row on only from the occurrence that was fired.
/// </summary>
public interface ITriggerScheduleStore
{
    /// <summary>The rows of one definition, or of all definitions when <paramref name="definitionId"/> is null.</summary>
    Task<IReadOnlyList<TriggerSchedule>> ListAsync(string? definitionId, CancellationToken cancellationToken = default);

    /// <summary>Inserts the rows; a row whose id already exists is left as it is (another replica added it).</summary>
    Task AddAsync(IReadOnlyCollection<TriggerSchedule> schedules, CancellationToken cancellationToken = default);

    Task DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="max"/> rows due at <paramref name="now"/> (workflow time) that nobody holds a live lease on.</summary>
    Task<IReadOnlyList<TriggerSchedule>> ClaimDueAsync(DateTimeOffset now, string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Sets the next occurrence and drops the lease, if the row still waits for <paramref name="fired"/>; false otherwise.</summary>
    Task<bool> AdvanceAsync(string id, DateTimeOffset fired, DateTimeOffset next, CancellationToken cancellationToken = default);

    /// <summary>Drops the lease so the row can be claimed again at once (after a failure).</summary>
    Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken = default);
}
