using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Definitions;

/// <summary>
/// Lays an Elsa 3 activity tree out as one graph of nodes and connections, so the token-flow runner runs composites
/// without a call stack of its own (state stays a flat, serialisable set of queued ids, arrivals and bookmarks).
/// A composite <c>C</c> becomes two nodes: <c>C</c>, which runs first and schedules children through '#' ports, and
/// <c>C#done</c>, which runs when its children are done and carries <c>C</c>'s outbound connections. A sequence chains
/// its children; a nested flowchart keeps its connections and every path that ends leads to <c>C#done</c>, which
/// (like any merge) waits for every live path; a loop's <c>C#done</c> schedules the body again.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly Dictionary<string, ActivityNode> _nodes = new();
    private readonly List<Connection> _connections = new();

    public IReadOnlyDictionary<string, ActivityNode> Nodes => _nodes;
    public IReadOnlyList<Connection> Connections => _connections;

    /// <summary>Where a run starts when the root is not a flowchart (the root itself).</summary>
    public string? RootEntry { get; private set; }

    public static GraphBuilder Build(JsonObject root, string rootNodeId)
    {
        var builder = new GraphBuilder();
        if (root["type"]?.GetValue<string>() is null or "Elsa.Flowchart")
            builder.LayFlowchart(root, [], rootNodeId, entry: null, exit: null);
        else
            builder.RootEntry = builder.Add(root, [], rootNodeId.Contains(':') ? rootNodeId[..rootNodeId.LastIndexOf(':')] : "Workflow1").Entry;
        return builder;
    }

    private (string Entry, string Exit) Add(JsonObject json, IReadOnlyList<string> ancestors, string parentNodeId)
    {
        var id = json["id"]?.GetValue<string>() ?? throw new FormatException("An activity has no 'id'.");
        if (_nodes.ContainsKey(id)) throw new FormatException($"Duplicate activity id '{id}'.");
        var type = json["type"]?.GetValue<string>() ?? throw new FormatException($"Activity '{id}' has no 'type'.");
        var nodeId = json["nodeId"]?.GetValue<string>() ?? $"{parentNodeId}:{id}";
        var node = new ActivityNode
        {
            Id = id, NodeId = nodeId, Name = json["name"] is JsonValue n && n.TryGetValue(out string? name) && name.Length > 0 ? name : id, Type = type,
            Version = json["version"]?.GetValue<int>() ?? 1, Json = json, Ancestors = ancestors,
        };
        _nodes[id] = node;
        var layout = CompositeLayout.For(type, json);
        if (layout is null) return (id, id);

        var exit = id + "#done";
        _nodes[exit] = new ActivityNode
        {
            Id = exit, NodeId = nodeId, Name = node.Name, Type = type, Version = node.Version, Json = json, Ancestors = ancestors, CompletionOf = node,
        };
        var inner = ancestors.Append(id).ToList();
        switch (layout.Shape)
        {
            case CompositeShape.Flowchart:
                LayFlowchart(json, inner, nodeId, id, exit);
                break;
            case CompositeShape.Sequence:
                LaySequence(json, inner, nodeId, id, exit);
                break;
            default:
                foreach (var (port, child) in layout.Slots)
                {
                    if (child is null)
                    {
                        Connect(id, port, exit, direct: true);
                        if (layout.Loops) Connect(exit, port, exit, direct: true);
                        continue;
                    }

                    var (childEntry, childExit) = Add(child, inner, nodeId);
                    Connect(id, port, childEntry, direct: true);
                    Connect(childExit, Connection.AnyOutcome, exit, direct: layout.DirectExits);
                    if (layout.Loops) Connect(exit, port, childEntry, direct: true);
                }

                break;
        }

        return (id, exit);
    }

    private void LaySequence(JsonObject json, IReadOnlyList<string> inner, string nodeId, string entry, string exit)
    {
        var previous = (Id: entry, Port: CompositeLayout.StartPort);
        foreach (var item in json["activities"] as JsonArray ?? [])
        {
            if (item is not JsonObject child) continue;
            var (childEntry, childExit) = Add(child, inner, nodeId);
            Connect(previous.Id, previous.Port, childEntry, direct: true);
            previous = (childExit, Connection.AnyOutcome);
        }

        Connect(previous.Id, previous.Port, exit, direct: true);
    }

    /// <summary>Lays out a flowchart's activities and connections; a nested one (<paramref name="exit"/> set) is started and ended through its two nodes.</summary>
    private void LayFlowchart(JsonObject json, IReadOnlyList<string> inner, string nodeId, string? entry, string? exit)
    {
        var ends = new Dictionary<string, (string Entry, string Exit)>();
        foreach (var item in json["activities"] as JsonArray ?? [])
            if (item is JsonObject child)
                ends[child["id"]?.GetValue<string>() ?? throw new FormatException("An activity has no 'id'.")] = Add(child, inner, nodeId);

        var connections = new List<Connection>();
        foreach (var item in json["connections"] as JsonArray ?? [])
            if (item is JsonObject c) connections.Add(ParseConnection(c));
        foreach (var c in connections)
            Connect(ends.TryGetValue(c.Source, out var s) ? s.Exit : c.Source, c.SourcePort, ends.TryGetValue(c.Target, out var t) ? t.Entry : c.Target, direct: false, c.TargetPort);
        if (entry is null || exit is null) return;

        var starts = FlowchartStarts(json, ends.Keys.ToList(), connections);
        foreach (var start in starts) Connect(entry, CompositeLayout.StartPort, ends[start].Entry, direct: true);
        if (starts.Count == 0) Connect(entry, CompositeLayout.StartPort, exit, direct: true);
        foreach (var (_, end) in ends) Connect(end.Exit, Connection.Unmatched, exit, direct: false);
    }

    /// <summary>Elsa's rules for a nested flowchart: its <c>start</c>, else an Elsa.Start, else a start-capable activity, else those nothing points to.</summary>
    private List<string> FlowchartStarts(JsonObject json, List<string> ids, List<Connection> connections)
    {
        if (json["start"] is JsonValue v && v.TryGetValue(out string? start) && ids.Contains(start)) return [start];
        var first = ids.FirstOrDefault(id => _nodes[id].Type == "Elsa.Start") ?? ids.FirstOrDefault(id => _nodes[id].CanStartWorkflow);
        if (first is not null) return [first];
        return ids.Where(id => connections.All(c => c.Target != id)).ToList();
    }

    private void Connect(string source, string port, string target, bool direct, string targetPort = "In") =>
        _connections.Add(new Connection(source, port, target, targetPort, direct));

    // Elsa 3 writes {"source":{"activity":"a","port":"Done"},…}; older exports {"source":"a","sourcePort":"Done",…}.
    internal static Connection ParseConnection(JsonObject c)
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
}
