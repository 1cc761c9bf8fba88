using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Definitions;

/// <summary>A definition's root flowchart, indexed for the runner: activities by id, connections by source port.</summary>
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

    /// <summary>The flowchart's explicit <c>start</c> activity, if the JSON names one.</summary>
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

    /// <summary>Reads the root flowchart of an Elsa 3 definition document. Throws <see cref="FormatException"/> when it is not one.</summary>
    public static WorkflowGraph Parse(JsonObject document)
    {
        if (document["root"] is not JsonObject root)
            throw new FormatException("The definition has no 'root' object.");
        var rootId = root["id"]?.GetValue<string>() ?? "Flowchart1";
        var rootNodeId = root["nodeId"]?.GetValue<string>() ?? $"Workflow1:{rootId}";
        var activities = new Dictionary<string, ActivityNode>();
        foreach (var item in root["activities"] as JsonArray ?? [])
        {
            if (item is not JsonObject json) continue;
            var id = json["id"]?.GetValue<string>() ?? throw new FormatException("An activity has no 'id'.");
            activities[id] = new ActivityNode
            {
                Id = id,
                NodeId = json["nodeId"]?.GetValue<string>() ?? $"{rootNodeId}:{id}",
                Name = json["name"]?.GetValue<string>() ?? id,
                Type = json["type"]?.GetValue<string>() ?? throw new FormatException($"Activity '{id}' has no 'type'."),
                Version = json["version"]?.GetValue<int>() ?? 1,
                Json = json,
            };
        }

        var connections = new List<Connection>();
        foreach (var item in root["connections"] as JsonArray ?? [])
            if (item is JsonObject c) connections.Add(ParseConnection(c));

        var start = root["start"] is JsonValue startValue && startValue.TryGetValue(out string? startId) ? startId : null;
        return new WorkflowGraph(rootId, rootNodeId, activities, connections, start);
    }

    // Elsa 3 writes {"source":{"activity":"a","port":"Done"},…}; older exports {"source":"a","sourcePort":"Done",…}.
    private static Connection ParseConnection(JsonObject c)
    {
        static (string Activity, string? Port) End(JsonNode? node, JsonNode? legacyPort) => node switch
        {
            JsonObject o => (o["activity"]?.GetValue<string>() ?? throw new FormatException("A connection end has no 'activity'."), o["port"]?.GetValue<string>()),
            JsonValue v => (v.GetValue<string>(), legacyPort?.GetValue<string>()),
            _ => throw new FormatException("A connection has no source or target."),
        };
        var (source, sourcePort) = End(c["source"], c["sourcePort"]);
        var (target, targetPort) = End(c["target"], c["targetPort"]);
        return new Connection(source, sourcePort ?? "Done", target, targetPort ?? "In");
    }

    private static void Add(Dictionary<string, List<Connection>> index, string key, Connection c)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = new List<Connection>();
        list.Add(c);
    }
}
