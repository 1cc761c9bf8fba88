using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Tests.Support;

/// <summary>Builds Elsa 3 JSON definitions for tests: <c>new Flow("id").Add("a", "Elsa.WriteLine", ("text", Literal("hi"))).Connect("a", "b")</c>.</summary>
public sealed class Flow(string definitionId, int version = 1)
{
    private readonly JsonArray _activities = new();
    private readonly JsonArray _connections = new();
    private readonly JsonArray _variables = new();

    public Flow Add(string id, string type, params (string Name, JsonNode? Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1, ["name"] = id };
        foreach (var (name, value) in inputs) activity[name] = value;
        _activities.Add(activity);
        return this;
    }

    public Flow Connect(string source, string target, string port = "Done")
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        });
        return this;
    }

    public Flow Variable(string name, string typeName, string? value)
    {
        _variables.Add(new JsonObject { ["id"] = name + "-id", ["name"] = name, ["typeName"] = typeName, ["value"] = value });
        return this;
    }

    public JsonObject Build() => new()
    {
        ["definitionId"] = definitionId,
        ["version"] = version,
        ["name"] = definitionId,
        ["variables"] = _variables.DeepClone(),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart", ["id"] = "Flowchart1", ["version"] = 1,
            ["activities"] = _activities.DeepClone(), ["connections"] = _connections.DeepClone(),
        },
    };

    public static JsonObject Literal(object? value) => Wrap("Literal", value is null ? null : JsonValue.Create(value.ToString()));

    public static JsonObject JavaScript(string script) => Wrap("JavaScript", JsonValue.Create(script));

    public static JsonObject Template(string template) => Wrap("Handlebars", JsonValue.Create(template));

    private static JsonObject Wrap(string type, JsonNode? value) =>
        new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };
}
