using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.InMemory;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Messaging.Tests.Support;

/// <summary>
/// The in-memory instance store, except that the next <see cref="CrashesLeft"/> saves throw as if the process died
/// after the activity ran but before the instance was committed.
/// </summary>
public sealed class CrashingInstanceStore(InMemoryInstanceStore inner) : IWorkflowInstanceStore
{
    public int CrashesLeft { get; set; }

    private void MaybeCrash()
    {
        if (CrashesLeft <= 0) return;
        CrashesLeft--;
        throw new IOException("simulated crash before the instance was saved");
    }

    public Task<CreateResult> TryCreateAsync(WorkflowInstance instance, InstanceChanges changes, CancellationToken cancellationToken = default)
    {
        MaybeCrash();
        return inner.TryCreateAsync(instance, changes, cancellationToken);
    }

    public Task<bool> TryUpdateAsync(WorkflowInstance instance, int expectedRevision, InstanceChanges changes, CancellationToken cancellationToken = default)
    {
        MaybeCrash();
        return inner.TryUpdateAsync(instance, expectedRevision, changes, cancellationToken);
    }

    public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) => inner.FindAsync(instanceId, cancellationToken);
    public Task<IReadOnlyList<string>> FindActiveIdsByCorrelationAsync(string correlationId, CancellationToken cancellationToken = default) => inner.FindActiveIdsByCorrelationAsync(correlationId, cancellationToken);
    public Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);
    public Task<JournalPage> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default) => inner.GetJournalAsync(instanceId, skip, take, cancellationToken);
    public Task<int> DeleteAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default) => inner.DeleteAsync(instanceIds, cancellationToken);
    public Task MarkCorrelationCancelledAsync(string correlationId, string reason, CancellationToken cancellationToken = default) => inner.MarkCorrelationCancelledAsync(correlationId, reason, cancellationToken);
    public Task<StartCheck> CheckStartAsync(string? correlationId, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default) => inner.CheckStartAsync(correlationId, instanceIds, cancellationToken);
    public Task<bool> IsCorrelationCancelledAsync(string correlationId, CancellationToken cancellationToken = default) => inner.IsCorrelationCancelledAsync(correlationId, cancellationToken);
}
