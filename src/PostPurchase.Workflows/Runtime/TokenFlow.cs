using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Workflows.Runtime;

/// <summary>
/// Elsa's flowchart token flow over the laid-out graph: outcomes send a token along matching connections; an activity
/// with several inbound paths runs when each has delivered or can no longer deliver (so an untaken decision branch
/// does not block a merge, and loops work); <c>mergeMode: Stream</c> and the engine's direct connections run it at once.
/// </summary>
internal static class TokenFlow
{
    /// <summary>Sends tokens for a completed activity: matching outcome ports, then "any outcome", else "unmatched".</summary>
    public static void Follow(WorkflowExecution execution, ActivityNode node, IReadOnlyList<string> outcomes)
    {
        var followed = false;
        // A composite that completes without scheduling a child (a loop over no items) continues as its completion would.
        var source = node.CompletionOf is null && !outcomes.Any(o => o.StartsWith('#')) && execution.Graph.Activities.ContainsKey(node.Id + "#done")
            ? node.Id + "#done"
            : node.Id;
        var outbound = execution.Graph.Outbound(source);
        foreach (var outcome in outcomes)
        {
            // "#body@3": the port, in a new scope for iteration 3 of this (parallel) loop.
            var (port, iteration) = IterationScopes.SplitOutcome(outcome);
            var scope = iteration is null ? execution.CurrentScope : IterationScopes.Push(execution.CurrentScope, node.CompletionOf?.Id ?? node.Id, iteration.Value);
            foreach (var connection in outbound)
                if (string.Equals(connection.SourcePort, port, StringComparison.OrdinalIgnoreCase))
                {
                    Arrive(execution, connection, scope);
                    followed = true;
                }
        }

        // A composite scheduling its children (a '#' port) has not completed; only a completion continues a sequence.
        if (outcomes.Any(o => o.StartsWith('#'))) return;
        foreach (var connection in outbound)
            if (connection.SourcePort == Connection.AnyOutcome || (!followed && connection.SourcePort == Connection.Unmatched))
                Arrive(execution, connection, execution.CurrentScope);
    }

    private static void Arrive(WorkflowExecution execution, Connection connection, string? scope)
    {
        var graph = execution.Graph;
        var target = graph.Activities[connection.Target];
        var entry = IterationScopes.Tag(target.Id, scope);
        var sources = graph.Inbound(target.Id).Select(c => c.Source).Distinct().ToList();
        if (connection.Direct || sources.Count <= 1 || string.Equals(target.MergeMode, "Stream", StringComparison.OrdinalIgnoreCase))
        {
            execution.State.Queue.Add(entry);
            return;
        }

        if (target.Type == CoreActivityTypes.FlowJoin && JoinMode(target) == "WaitAny")
        {
            CancelBranchesReaching(execution, target.Id);
            execution.State.Queue.Add(entry);
            return;
        }

        // Merges count arrivals per iteration: the key carries the scope like a queued entry.
        if (!execution.State.Arrivals.TryGetValue(entry, out var arrived))
            execution.State.Arrivals[entry] = arrived = new List<string>();
        if (!arrived.Contains(connection.Source)) arrived.Add(connection.Source);
        if (CanFire(execution, target.Id, arrived))
        {
            execution.State.Arrivals.Remove(entry);
            execution.State.Queue.Add(entry);
        }
    }

    /// <summary>When nothing else is queued, a merge waiting on paths that can no longer arrive runs now.</summary>
    public static bool FireSettledMerge(WorkflowExecution execution)
    {
        foreach (var (entry, arrived) in execution.State.Arrivals.ToList())
        {
            if (arrived.Count == 0 || !CanFire(execution, IterationScopes.IdOf(entry), arrived)) continue;
            execution.State.Arrivals.Remove(entry);
            execution.State.Queue.Add(entry);
            return true;
        }

        return false;
    }

    private static bool CanFire(WorkflowExecution execution, string targetId, List<string> arrived)
    {
        var graph = execution.Graph;
        var pending = execution.State.Queue.Select(IterationScopes.IdOf).Concat(execution.State.Bookmarks.Select(b => b.ActivityId)).Distinct().ToList();
        foreach (var source in graph.Inbound(targetId).Select(c => c.Source).Distinct())
        {
            if (arrived.Contains(source)) continue;
            if (pending.Any(p => graph.ReachableFrom(p, targetId).Contains(source))) return false;
        }

        return true;
    }

    private static void CancelBranchesReaching(WorkflowExecution execution, string targetId)
    {
        var graph = execution.Graph;
        execution.State.Queue.RemoveAll(entry => graph.ReachableFrom(IterationScopes.IdOf(entry), targetId).Any(r => graph.Outbound(r).Any(c => c.Target == targetId)));
        execution.State.Bookmarks.RemoveAll(b => graph.ReachableFrom(b.ActivityId, targetId).Any(r => graph.Outbound(r).Any(c => c.Target == targetId)));
    }

    private static string? JoinMode(ActivityNode join) =>
        Descriptors.ActivityFactory.ReadExpression(join.Json["mode"])?.Text ?? "WaitAll";
}
