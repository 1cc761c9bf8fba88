using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Definitions;

/// <summary>Where a definition uses C#: <c>Elsa.RunCSharp</c> activities and <c>CSharp</c> expressions, nested ones included.</summary>
public static class CSharpUses
{
    public const string RunCSharpType = "Elsa.RunCSharp";

    /// <summary>Locations such as <c>root.activities[RunCSharp1]</c> or <c>root.activities[WriteLine1].Text</c>.</summary>
    public static IReadOnlyList<string> Find(JsonObject document)
    {
        var uses = new List<string>();
        foreach (var activity in DefinitionActivities.All(document))
        {
            var name = DefinitionActivities.NameOf(activity);
            if ((activity["type"] as JsonValue)?.ToString() == RunCSharpType) uses.Add($"root.activities[{name}]");
            foreach (var (key, value) in activity)
                if (value is JsonObject input && input["expression"] is JsonObject expression
                    && (expression["type"] as JsonValue)?.ToString() == ExpressionTypes.CSharp)
                    uses.Add($"root.activities[{name}].{char.ToUpperInvariant(key[0])}{key[1..]}");
        }

        return uses;
    }
}

/// <summary>Walks a definition document's activities: the root and every activity nested in it (any depth, any property).</summary>
public static class DefinitionActivities
{
    public static IEnumerable<JsonObject> All(JsonObject document) => document["root"] is JsonObject root ? Walk(root) : [];

    /// <summary>The activity's name, else its id.</summary>
    public static string NameOf(JsonObject activity) =>
        (activity["name"] as JsonValue)?.ToString() is { Length: > 0 } n ? n : (activity["id"] as JsonValue)?.ToString() ?? "?";

    private static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            foreach (var found in Walk(item))
                yield return found;
            yield break;
        }

        if (node is not JsonObject json) yield break;
        if (json["type"] is JsonValue && json["id"] is JsonValue) yield return json;
        foreach (var (_, value) in json)
            if (value is JsonObject or JsonArray)
                foreach (var found in Walk(value))
                    yield return found;
    }
}
