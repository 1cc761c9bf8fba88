using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Tests.Support;

/// <summary>
/// Elsa 3 export shapes for nested activities: <c>Elsa.Activity("w1", "Elsa.WriteLine", ("text", Flow.Literal("hi")))</c>,
/// <c>Elsa.Sequence("s", a, b)</c>, <c>Elsa.Definition("id", root)</c>.
/// </summary>
public static class Elsa
{
    public static JsonObject Activity(string id, string type, params (string Name, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject
        {
            ["id"] = id, ["nodeId"] = null, ["name"] = id, ["type"] = type, ["version"] = 1,
            ["customProperties"] = new JsonObject { ["canStartWorkflow"] = false, ["runAsynchronously"] = false },
            ["metadata"] = new JsonObject(),
        };
        activity.Remove("nodeId");
        foreach (var (name, value) in properties) activity[name] = value;
        return activity;
    }

    public static JsonObject Record(string id, string? label = null) => Activity(id, "Test.Record", ("label", Flow.Literal(label ?? id)));

    public static JsonObject Sequence(string id, params JsonObject[] activities) =>
        Activity(id, "Elsa.Sequence", ("activities", new JsonArray(activities.Select(a => (JsonNode)a).ToArray())), ("variables", new JsonArray()));

    public static JsonObject Flowchart(string id, JsonObject[] activities, params (string Source, string Port, string Target)[] connections) =>
        Activity(id, "Elsa.Flowchart",
            ("activities", new JsonArray(activities.Select(a => (JsonNode)a).ToArray())),
            ("connections", new JsonArray(connections.Select(c => (JsonNode)new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = c.Source, ["port"] = c.Port },
                ["target"] = new JsonObject { ["activity"] = c.Target, ["port"] = "In" },
            }).ToArray())));

    public static JsonObject Definition(string definitionId, JsonObject root, int version = 1, string? name = null, JsonObject? extra = null)
    {
        var definition = new JsonObject
        {
            ["id"] = $"{definitionId}-v{version}", ["definitionId"] = definitionId, ["version"] = version, ["name"] = name ?? definitionId,
            ["toolVersion"] = "3.6.0.0", ["variables"] = new JsonArray(), ["inputs"] = new JsonArray(), ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(), ["customProperties"] = new JsonObject(), ["isLatest"] = true, ["isPublished"] = true,
            ["options"] = new JsonObject { ["autoUpdateConsumingWorkflows"] = false }, ["root"] = root,
        };
        foreach (var (key, value) in extra ?? []) definition[key] = value?.DeepClone();
        return definition;
    }

    /// <summary>Elsa's switch case: <c>{"label":…,"condition":{"type":"JavaScript","value":…},"activity":…}</c>.</summary>
    public static JsonObject Case(string label, string javaScript, JsonObject? activity = null) => new()
    {
        ["label"] = label,
        ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = javaScript },
        ["activity"] = activity,
    };
}
