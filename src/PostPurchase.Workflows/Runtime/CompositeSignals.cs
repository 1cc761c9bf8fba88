using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Workflows.Runtime;

/// <summary>Elsa.Complete (end the whole workflow with outcomes) and Elsa.Break (end the nearest loop).</summary>
internal static class CompositeSignals
{
    /// <summary>Key in a loop's activity state: a Break asked it to stop.</summary>
    public const string Breaking = "breaking";

    /// <summary>Stops whatever still runs or waits inside a composite (its completion, a WaitAny fork, a Break).</summary>
    public static void EndInside(WorkflowExecution execution, string compositeId)
    {
        var state = execution.State;
        bool Inside(string id) => execution.Graph.Activities.TryGetValue(id, out var n) && n.Ancestors.Contains(compositeId);
        state.Queue.RemoveAll(Inside);
        state.Bookmarks.RemoveAll(b => Inside(b.ActivityId));
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
                EndInside(execution, loopId);
                state.Arrivals.Remove(loopId + "#done");
                state.GetActivityState(loopId, state.ExecutionCounts.GetValueOrDefault(loopId, 1))[Breaking] = true;
                state.Queue.Add(loopId + "#done");
                break;
        }
    }
}
