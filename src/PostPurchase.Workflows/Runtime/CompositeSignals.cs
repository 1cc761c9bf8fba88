using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Workflows.Runtime;

/// <summary>Elsa.Complete (end the whole workflow with outcomes) and Elsa.Break (end the nearest loop).</summary>
internal static class CompositeSignals
{
    /// <summary>Key in a loop's activity state: a Break asked it to stop.</summary>
    public const string Breaking = "breaking";

    /// <summary>
    /// Stops whatever still runs or waits inside a composite (its completion, a WaitAny fork, a Break) — in the current
    /// parallel iteration only, so one iteration's body completing leaves the other iterations running.
    /// </summary>
    public static void EndInside(WorkflowExecution execution, string compositeId)
    {
        var state = execution.State;
        var scope = execution.CurrentScope;
        bool Inside(string entry)
        {
            var (id, entryScope) = IterationScopes.Split(entry);
            return execution.Graph.Activities.TryGetValue(id, out var n) && n.Ancestors.Contains(compositeId) && IterationScopes.IsWithin(entryScope, scope);
        }

        state.Queue.RemoveAll(Inside);
        state.Bookmarks.RemoveAll(b => Inside(IterationScopes.Tag(b.ActivityId, b.Scope)));
        foreach (var key in state.Arrivals.Keys.Where(Inside).ToList()) state.Arrivals.Remove(key);
    }

    public static void Apply(WorkflowExecution execution, ActivityNode node, ActivityResult result)
    {
        var state = execution.State;
        switch (result.Signal)
        {
            case ActivitySignal.CompleteWorkflow:
                state.Queue.Clear();
                state.Bookmarks.Clear();
                state.Arrivals.Clear();
                state.Outcomes = result.Outcomes.ToList();
                break;
            case ActivitySignal.Break:
                var loopId = node.Ancestors.LastOrDefault(a => CompositeLayout.IsLoop(execution.Graph.Activities[a].Type));
                if (loopId is null) return; // outside a loop a Break only ends its own path
                execution.CurrentScope = IterationScopes.Pop(execution.CurrentScope, loopId); // every iteration of a parallel loop
                EndInside(execution, loopId);
                state.Arrivals.Remove(IterationScopes.Tag(loopId + "#done", execution.CurrentScope));
                state.GetActivityState(loopId, state.ExecutionCounts.GetValueOrDefault(loopId, 1))[Breaking] = true;
                state.Queue.Add(IterationScopes.Tag(loopId + "#done", execution.CurrentScope));
                break;
        }
    }
}
