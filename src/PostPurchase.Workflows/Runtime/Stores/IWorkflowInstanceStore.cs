using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Workflows.Runtime.Stores;

/// <summary>
/// Instances, their bookmark rows and journal. Every write is one transaction: the instance row (guarded by its
/// revision), the bookmark rows added and removed, and the new journal lines.
/// </summary>
public interface IWorkflowInstanceStore
{
    /// <summary>
    /// Inserts a new instance with its changes (one transaction); <see cref="CreateResult.Created"/> is false when an
    /// instance with this id already exists (a replayed start). After the commit it reads whether the instance's
    /// correlation id has been cancelled meanwhile (<see cref="CreateResult.CorrelationCancelled"/>), so a cancellation
    /// racing with the start is seen by one side or the other.
    /// </summary>
    Task<CreateResult> TryCreateAsync(WorkflowInstance instance, InstanceChanges changes, CancellationToken cancellationToken = default);

    /// <summary>
    /// The one read before a trigger starts instances: whether <paramref name="correlationId"/> (if any) was cancelled,
    /// and which of <paramref name="instanceIds"/> exist already (a replayed start).
    /// </summary>
    Task<StartCheck> CheckStartAsync(string? correlationId, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default);

    /// <summary>Saves the instance if its stored revision is still <paramref name="expectedRevision"/>; false on a concurrent update.</summary>
    Task<bool> TryUpdateAsync(WorkflowInstance instance, int expectedRevision, InstanceChanges changes, CancellationToken cancellationToken = default);

    Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> FindActiveIdsByCorrelationAsync(string correlationId, CancellationToken cancellationToken = default);

    Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    Task<JournalPage> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default);

    Task<int> DeleteAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default);

    /// <summary>Remembers that journeys with this correlation id must not run (a refund that arrived before the purchase).</summary>
    Task MarkCorrelationCancelledAsync(string correlationId, string reason, CancellationToken cancellationToken = default);

    Task<bool> IsCorrelationCancelledAsync(string correlationId, CancellationToken cancellationToken = default);
}

/// <param name="Created">False when an instance with the id existed already (nothing was written).</param>
/// <param name="CorrelationCancelled">The instance's correlation id was marked cancelled when read after the commit.</param>
public sealed record CreateResult(bool Created, bool CorrelationCancelled);

/// <param name="CorrelationCancelled">The correlation id was marked cancelled.</param>
/// <param name="ExistingInstanceIds">Those of the asked ids that name a stored instance.</param>
public sealed record StartCheck(bool CorrelationCancelled, IReadOnlySet<string> ExistingInstanceIds);

/// <param name="Events">Report facts the activities recorded; saved in the same transaction.</param>
public sealed record InstanceChanges(IReadOnlyList<Bookmark> AddedBookmarks, IReadOnlyList<string> RemovedBookmarkIds, IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<JourneyEvent>? Events = null)
{
    public static readonly InstanceChanges None = new([], [], []);
}

public sealed record InstanceQuery
{
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
    public string? SearchTerm { get; init; }
    public IReadOnlyCollection<string>? DefinitionIds { get; init; }
    public string? CorrelationId { get; init; }
    public IReadOnlyCollection<WorkflowStatus>? Statuses { get; init; }
    public IReadOnlyCollection<WorkflowSubStatus>? SubStatuses { get; init; }
    public bool? HasIncidents { get; init; }
    public bool Descending { get; init; } = true;
}

public sealed record InstancePage(IReadOnlyList<WorkflowInstance> Items, int TotalCount);

public sealed record JournalPage(IReadOnlyList<JournalEntry> Items, int TotalCount);
