using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Definitions;

/// <summary>A definition's activities laid out as one graph, indexed for the runner: activities by id, connections by source.</summary>
public sealed class WorkflowGraph
{
    private readonly Dictionary<string, List<Connection>> _outbound = new();
    private readonly Dictionary<string, List<Connection>> _inbound = new();
    private readonly Dictionary<(string From, string Excluding), HashSet<string>> _reachCache = new();

    private WorkflowGraph(string rootId, string rootNodeId, IReadOnlyDictionary<string, ActivityNode> activities, IReadOnlyList<Connection> connections, string? startId)
    {
        RootId = rootId;
        RootNodeId = rootNodeId;
        Activities = activities;
        Connections = connections;
        StartActivityId = startId;
        foreach (var c in connections)
        {
            Add(_outbound, c.Source, c);
            Add(_inbound, c.Target, c);
        }
    }

    public string RootId { get; }
    public string RootNodeId { get; }
    public IReadOnlyDictionary<string, ActivityNode> Activities { get; }
    public IReadOnlyList<Connection> Connections { get; }

    /// <summary>The root flowchart's explicit <c>start</c> activity, or the root itself when it is not a flowchart.</summary>
    public string? StartActivityId { get; }

    public IReadOnlyList<Connection> Outbound(string activityId) => _outbound.GetValueOrDefault(activityId) ?? [];

    public IReadOnlyList<Connection> Inbound(string activityId) => _inbound.GetValueOrDefault(activityId) ?? [];

    /// <summary>Activities reachable from <paramref name="from"/> (inclusive) without passing through <paramref name="excluding"/>.</summary>
    public IReadOnlySet<string> ReachableFrom(string from, string excluding)
    {
        lock (_reachCache)
        {
            if (_reachCache.TryGetValue((from, excluding), out var cached)) return cached;
            var seen = new HashSet<string>();
            var stack = new Stack<string>();
            if (from != excluding) stack.Push(from);
            while (stack.Count > 0)
            {
                var id = stack.Pop();
                if (!seen.Add(id)) continue;
                foreach (var c in Outbound(id))
                    if (c.Target != excluding) stack.Push(c.Target);
            }
            _reachCache[(from, excluding)] = seen;
            return seen;
        }
    }

    /// <summary>
    /// Reads the root of an Elsa 3 definition document (a flowchart, a sequence or any single activity) and lays out
    /// its composites (see <see cref="GraphBuilder"/>). Throws <see cref="FormatException"/> when it is malformed.
    /// </summary>
    public static WorkflowGraph Parse(JsonObject document)
    {
        if (document["root"] is not JsonObject root)
            throw new FormatException("The definition has no 'root' object.");
        var rootId = root["id"]?.GetValue<string>() ?? "Flowchart1";
        var rootNodeId = root["nodeId"]?.GetValue<string>() ?? $"Workflow1:{rootId}";
        var built = GraphBuilder.Build(root, rootNodeId);
        var start = built.RootEntry
            ?? (root["start"] is JsonValue startValue && startValue.TryGetValue(out string? startId) ? startId : null);
        return new WorkflowGraph(rootId, rootNodeId, built.Nodes, built.Connections, start);
    }

    private static void Add(Dictionary<string, List<Connection>> index, string key, Connection c)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = new List<Connection>();
        list.Add(c);
    }
}
