namespace PostPurchase.Workflows.Model;

/// <summary>One run of a workflow definition version. Its <see cref="State"/> is everything needed to resume it.</summary>
public sealed class WorkflowInstance
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    public required string DefinitionVersionId { get; init; }
    public required int DefinitionVersion { get; init; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;
    public WorkflowSubStatus SubStatus { get; set; } = WorkflowSubStatus.Pending;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public WorkflowState State { get; set; } = new();

    /// <summary>Optimistic concurrency: incremented on every save.</summary>
    public int Revision { get; set; }

    public int IncidentCount => State.Incidents.Count;

    public bool IsActive => Status == WorkflowStatus.Running;
}
