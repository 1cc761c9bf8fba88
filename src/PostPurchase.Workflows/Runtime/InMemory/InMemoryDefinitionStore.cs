using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Runtime.InMemory;

/// <summary>Definitions in memory: for unit tests and the simulator.</summary>
public sealed class InMemoryDefinitionStore : IWorkflowDefinitionStore
{
    private readonly Dictionary<string, WorkflowDefinition> _versions = new();

    public Task<WorkflowDefinition?> FindAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken = default)
    {
        lock (_versions)
            return Task.FromResult(_versions.Values.Where(d => d.DefinitionId == definitionId && options.Matches(d)).OrderByDescending(d => d.Version).Select(Copy).FirstOrDefault());
    }

    public Task<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken cancellationToken = default)
    {
        lock (_versions) return Task.FromResult(_versions.TryGetValue(versionId, out var d) ? Copy(d) : null);
    }

    public Task<IReadOnlyList<WorkflowDefinition>> ListAsync(DefinitionQuery query, CancellationToken cancellationToken = default)
    {
        lock (_versions)
            return Task.FromResult<IReadOnlyList<WorkflowDefinition>>(_versions.Values
                .Where(d => query.VersionOptions.Matches(d))
                .Where(d => query.DefinitionIds is null || query.DefinitionIds.Contains(d.DefinitionId))
                .Where(d => query.VersionIds is null || query.VersionIds.Contains(d.Id))
                .Where(d => string.IsNullOrEmpty(query.SearchTerm) || d.Name.Contains(query.SearchTerm, StringComparison.OrdinalIgnoreCase))
                .OrderBy(d => d.DefinitionId).ThenBy(d => d.Version).Select(Copy).ToList());
    }

    public Task SaveAsync(IReadOnlyCollection<WorkflowDefinition> versions, CancellationToken cancellationToken = default)
    {
        lock (_versions)
            foreach (var d in versions) _versions[d.Id] = Copy(d);
        return Task.CompletedTask;
    }

    public Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            var ids = _versions.Values.Where(d => d.DefinitionId == definitionId).Select(d => d.Id).ToList();
            ids.ForEach(id => _versions.Remove(id));
            return Task.FromResult(ids.Count);
        }
    }

    public Task<bool> DeleteVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        lock (_versions) return Task.FromResult(_versions.Remove(versionId));
    }

    private static WorkflowDefinition Copy(WorkflowDefinition d) => new()
    {
        Id = d.Id, DefinitionId = d.DefinitionId, Version = d.Version, Name = d.Name, Description = d.Description,
        IsLatest = d.IsLatest, IsPublished = d.IsPublished, CreatedAt = d.CreatedAt, Source = d.Source,
        Document = (System.Text.Json.Nodes.JsonObject)d.Document.DeepClone(),
    };
}
