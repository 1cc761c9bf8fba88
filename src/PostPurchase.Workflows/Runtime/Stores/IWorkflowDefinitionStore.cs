using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Workflows.Runtime.Stores;

/// <summary>Definition versions. Implemented in memory (tests, simulator) and with EF Core (SQLite, PostgreSQL).</summary>
public interface IWorkflowDefinitionStore
{
    Task<WorkflowDefinition?> FindAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken = default);
    Task<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<WorkflowDefinition>> ListAsync(DefinitionQuery query, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the given versions in one transaction (publishing flips flags on several).</summary>
    Task SaveAsync(IReadOnlyCollection<WorkflowDefinition> versions, CancellationToken cancellationToken = default);

    Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default);
    Task<bool> DeleteVersionAsync(string versionId, CancellationToken cancellationToken = default);
}

public sealed record DefinitionQuery
{
    public VersionOptions VersionOptions { get; init; } = VersionOptions.All;
    public IReadOnlyCollection<string>? DefinitionIds { get; init; }
    public IReadOnlyCollection<string>? VersionIds { get; init; }
    public string? SearchTerm { get; init; }
}
