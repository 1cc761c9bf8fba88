using System.Text.Json.Nodes;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Model;

namespace PostPurchase.Server.ElsaApi;

/// <summary>
/// Elsa's activity execution records, derived from an instance's journal: one record per (activity, execution number),
/// started at its Started line, completed/faulted/cancelled at its last line, blocked while suspended.
/// </summary>
public static class ActivityExecutions
{
    public static string ExecutionId(string instanceId, string activityId, int executionNumber) => $"{instanceId}:{executionNumber}:{activityId}";

    /// <summary>Splits an id made by <see cref="ExecutionId"/>; null when malformed.</summary>
    public static (string InstanceId, int ExecutionNumber, string ActivityId)? ParseId(string id)
    {
        var parts = id.Split(':', 3);
        return parts.Length == 3 && int.TryParse(parts[1], out var n) ? (parts[0], n, parts[2]) : null;
    }

    public sealed record Execution(string Id, string ActivityId, string NodeId, string ActivityType, string? ActivityName, int ExecutionNumber, IReadOnlyList<JournalEntry> Entries)
    {
        public JournalEntry Last => Entries[^1];
        public string Status => Last.EventName switch
        {
            JournalEvents.Completed => "Completed",
            JournalEvents.Faulted => "Faulted",
            JournalEvents.Cancelled => "Canceled",
            _ => "Running",
        };
        public bool IsBlocked => Last.EventName == JournalEvents.Suspended;
        public bool IsDone => Status is "Completed" or "Faulted" or "Canceled";
    }

    /// <summary>
    /// The instance's executions in journal order, skipping the root flowchart's own lines. Lines without an execution
    /// number (notes written by an activity) belong to that activity's latest execution.
    /// </summary>
    public static IReadOnlyList<Execution> From(WorkflowInstance instance, IEnumerable<JournalEntry> journal)
    {
        var groups = new List<(string ActivityId, int Number, List<JournalEntry> Entries)>();
        foreach (var entry in journal.Where(e => e.ActivityType != "Elsa.Flowchart").OrderBy(e => e.Sequence).ThenBy(e => e.Timestamp))
        {
            var index = groups.FindLastIndex(g => g.ActivityId == entry.ActivityId && (entry.ExecutionNumber == 0 || g.Number == entry.ExecutionNumber));
            if (index >= 0) groups[index].Entries.Add(entry);
            else groups.Add((entry.ActivityId, entry.ExecutionNumber, [entry]));
        }

        return groups.Select(g =>
        {
            var first = g.Entries[0];
            return new Execution(ExecutionId(instance.Id, first.ActivityId, g.Number), first.ActivityId, first.NodeId,
                first.ActivityType, first.ActivityName, g.Number, g.Entries);
        }).ToList();
    }

    public static JsonObject Record(WorkflowInstance instance, Execution x, ActivityRegistry registry)
    {
        var summary = Summary(instance, x, registry);
        var state = instance.State.ActivityStates.GetValueOrDefault($"{x.ActivityId}:{x.ExecutionNumber}");
        var faulted = x.Entries.LastOrDefault(e => e.EventName == JournalEvents.Faulted);
        summary["activityState"] = state?.DeepClone() ?? new JsonObject();
        summary["outputs"] = instance.State.Outputs.GetValueOrDefault(x.ActivityId)?.DeepClone() ?? new JsonObject();
        summary["payload"] = new JsonObject { ["journal"] = new JsonArray(x.Entries.Select(e => (JsonNode)new JsonObject { ["eventName"] = e.EventName, ["message"] = e.Message, ["timestamp"] = e.Timestamp }).ToArray()) };
        summary["properties"] = new JsonObject();
        summary["exception"] = faulted is null ? null : new JsonObject { ["type"] = "ActivityFault", ["message"] = faulted.Message, ["stackTrace"] = null, ["innerException"] = null };
        summary["callStackDepth"] = 0;
        return summary;
    }

    public static JsonObject Summary(WorkflowInstance instance, Execution x, ActivityRegistry registry) => new()
    {
        ["id"] = x.Id,
        ["workflowInstanceId"] = instance.Id,
        ["activityId"] = x.ActivityId,
        ["activityNodeId"] = x.NodeId,
        ["activityType"] = x.ActivityType,
        ["activityTypeVersion"] = TypeVersion(registry, x.ActivityType),
        ["activityName"] = x.ActivityName,
        ["startedAt"] = x.Entries[0].Timestamp,
        ["hasBookmarks"] = x.IsBlocked,
        ["status"] = x.Status,
        ["aggregateFaultCount"] = x.Entries.Count(e => e.EventName == JournalEvents.Faulted),
        ["completedAt"] = x.IsDone ? x.Last.Timestamp : null,
        ["metadata"] = new JsonObject(),
    };

    public static int TypeVersion(ActivityRegistry registry, string activityType) =>
        registry.Descriptors.FirstOrDefault(d => d.TypeName == activityType)?.Version ?? 1;
}
