using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Runtime.Stores;

/// <summary>
/// Durable work for the runtime: dispatch a trigger, raise an event, cancel by correlation. Producers (webhooks)
/// enqueue in the same transaction as their own rows; any replica's worker claims with a lease.
/// </summary>
public interface IWorkQueue
{
    Task EnqueueAsync(WorkItem item, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<WorkItem>> ClaimAsync(string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);
    Task CompleteAsync(string workItemId, CancellationToken cancellationToken = default);

    /// <summary>Completes several processed items at once (one statement instead of one per item).</summary>
    async Task CompleteAsync(IReadOnlyCollection<string> workItemIds, CancellationToken cancellationToken = default)
    {
        foreach (var id in workItemIds) await CompleteAsync(id, cancellationToken);
    }

    /// <summary>Keeps the item for another try at <paramref name="retryAt"/>.</summary>
    Task FailAsync(string workItemId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default);

    Task<int> CountPendingAsync(CancellationToken cancellationToken = default);
}

public enum WorkItemKind
{
    /// <summary>Start every published workflow whose trigger of <see cref="WorkItem.ActivityType"/> matches the input.</summary>
    Trigger,

    /// <summary>Raise the named event for the instance or correlation id.</summary>
    Event,

    /// <summary>Cancel every active instance with the correlation id.</summary>
    Cancel,
}

public sealed record WorkItem
{
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
    public required WorkItemKind Kind { get; init; }
    public string? ActivityType { get; init; }
    public string? EventName { get; init; }
    public string? InstanceId { get; init; }
    public string? CorrelationId { get; init; }
    public JsonObject? Payload { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; init; }
}
