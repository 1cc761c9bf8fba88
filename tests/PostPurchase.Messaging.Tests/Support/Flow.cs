using System.Text.Json.Nodes;

namespace PostPurchase.Messaging.Tests.Support;

/// <summary>Builds Elsa 3 JSON definitions: <c>new Flow("id").Add("mail", "PostPurchase.SendEmail", ("subject", Flow.Template("Hi")))</c>.</summary>
public sealed class Flow(string definitionId)
{
    private readonly JsonArray _activities = new();
    private readonly JsonArray _connections = new();

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

    public JsonObject Build() => new()
    {
        ["definitionId"] = definitionId,
        ["version"] = 1,
        ["name"] = definitionId,
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart", ["id"] = "Flowchart1", ["version"] = 1,
            ["activities"] = _activities.DeepClone(), ["connections"] = _connections.DeepClone(),
        },
    };

    public static JsonObject Literal(string value) => Wrap("Literal", value);

    public static JsonObject Template(string template) => Wrap("Handlebars", template);

    private static JsonObject Wrap(string type, string value) =>
        new() { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };
}
