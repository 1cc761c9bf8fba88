using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Workflows.Runtime;

/// <summary>
/// Which iteration of an Elsa.ParallelForEach a token belongs to, so every iteration runs (and waits) on its own while
/// the graph has one node per activity. A scope is a path of <c>{loopId}:{index}</c> segments, outermost first
/// (<c>outer:1/inner:0</c>); queued activities carry it as <c>{activityId}|{scope}</c> and bookmarks in
/// <c>Bookmark.Scope</c>, so it survives suspension and restart. Activities outside any parallel loop have none.
/// </summary>
internal static class IterationScopes
{
    private const char Separator = '|';

    public static (string Id, string? Scope) Split(string entry)
    {
        var at = entry.IndexOf(Separator);
        return at < 0 ? (entry, null) : (entry[..at], entry[(at + 1)..]);
    }

    public static string Tag(string id, string? scope) => string.IsNullOrEmpty(scope) ? id : $"{id}{Separator}{scope}";

    public static string IdOf(string entry) => Split(entry).Id;

    /// <summary>The scope of iteration <paramref name="index"/> of <paramref name="loopId"/> inside <paramref name="scope"/>.</summary>
    public static string Push(string? scope, string loopId, int index) =>
        string.IsNullOrEmpty(scope) ? $"{loopId}:{index}" : $"{scope}/{loopId}:{index}";

    /// <summary>The scope outside <paramref name="loopId"/>'s iterations (the loop itself continues there).</summary>
    public static string? Pop(string? scope, string loopId)
    {
        if (string.IsNullOrEmpty(scope)) return scope;
        var segments = scope.Split('/').ToList();
        var at = segments.FindLastIndex(s => s.StartsWith(loopId + ":", StringComparison.Ordinal));
        return at < 0 ? scope : at == 0 ? null : string.Join('/', segments.Take(at));
    }

    /// <summary>True when <paramref name="candidate"/> is <paramref name="scope"/> or an iteration inside it.</summary>
    public static bool IsWithin(string? candidate, string? scope) =>
        string.IsNullOrEmpty(scope) || candidate == scope || (candidate?.StartsWith(scope + "/", StringComparison.Ordinal) ?? false);

    /// <summary>An outcome like <c>#body@3</c> names the port and the iteration it starts.</summary>
    public static (string Port, int? Iteration) SplitOutcome(string outcome)
    {
        var at = outcome.LastIndexOf('@');
        return outcome.StartsWith('#') && at > 0 && int.TryParse(outcome[(at + 1)..], out var index) ? (outcome[..at], index) : (outcome, null);
    }

    /// <summary>Sets <c>CurrentValue</c>/<c>CurrentIndex</c> (variables and the loop's output) to the scope's iterations, innermost last.</summary>
    public static void ApplyCurrentValues(WorkflowExecution execution)
    {
        if (string.IsNullOrEmpty(execution.CurrentScope)) return;
        foreach (var segment in execution.CurrentScope.Split('/'))
        {
            var colon = segment.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(segment[(colon + 1)..], out var index)) continue;
            var loopId = segment[..colon];
            var state = execution.State.GetActivityState(loopId, execution.State.ExecutionCounts.GetValueOrDefault(loopId, 1));
            if (state["items"] is not JsonArray items || index >= items.Count) continue;
            var current = items[index]?.DeepClone();
            execution.State.SetOutput(loopId, "CurrentValue", current?.DeepClone());
            execution.SetVariable("CurrentValue", current);
            execution.SetVariable("CurrentIndex", JsonValue.Create(index));
        }
    }
}
