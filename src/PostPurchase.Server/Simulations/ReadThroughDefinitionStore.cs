using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.InMemory;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Simulations;

/// <summary>
/// The simulator's definition store: its own versions in memory, and the server's definitions read-only, so a
/// journey can run the definitions it uses (a definition used as an activity, Elsa.ExecuteWorkflow and
/// Elsa.DispatchWorkflow children) as the real engine does. Writes stay in memory; the server's store is never written.
/// </summary>
/// <remarks>
/// A definition id held in memory is private: all its versions come from memory (the journey being simulated, or
/// the Test tab's one-activity copy). Listings return the in-memory versions only, so an event raised in a
/// simulation starts no other journey of the server.
/// </remarks>
public sealed class ReadThroughDefinitionStore(IWorkflowDefinitionStore server) : IWorkflowDefinitionStore
{
    private readonly InMemoryDefinitionStore _local = new();

    public async Task<WorkflowDefinition?> FindAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken = default) =>
        await HoldsAsync(definitionId, cancellationToken)
            ? await _local.FindAsync(definitionId, options, cancellationToken)
            : await server.FindAsync(definitionId, options, cancellationToken);

    public async Task<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken cancellationToken = default) =>
        await _local.FindByIdAsync(versionId, cancellationToken) ?? await server.FindByIdAsync(versionId, cancellationToken);

    public Task<IReadOnlyList<WorkflowDefinition>> ListAsync(DefinitionQuery query, CancellationToken cancellationToken = default) =>
        _local.ListAsync(query, cancellationToken);

    public Task SaveAsync(IReadOnlyCollection<WorkflowDefinition> versions, CancellationToken cancellationToken = default) =>
        _local.SaveAsync(versions, cancellationToken);

    public Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default) =>
        _local.DeleteAsync(definitionId, cancellationToken);

    public Task<bool> DeleteVersionAsync(string versionId, CancellationToken cancellationToken = default) =>
        _local.DeleteVersionAsync(versionId, cancellationToken);

    private async Task<bool> HoldsAsync(string definitionId, CancellationToken cancellationToken) =>
        (await _local.FindAsync(definitionId, VersionOptions.All, cancellationToken)) is not null;
}
