using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Runtime;

/// <summary>
/// Elsa's JavaScript accessors for workflow inputs: <c>getInput("Message")</c> and, for every input the definition
/// declares (its <c>inputs</c> list), <c>getMessage()</c>; an input not given reads as null. Values are handed over
/// as plain CLR values (text, number, true/false, or dictionaries and arrays of them).
/// </summary>
internal static class WorkflowInputFunctions
{
    public static void Contribute(ExpressionScope scope, JsonObject document, JsonObject input)
    {
        scope.Globals["getInput"] = new Func<string, object?>(name => ToClr(Find(input, name)));
        foreach (var declared in document["inputs"] as JsonArray ?? [])
        {
            if (declared?["name"] is not JsonValue v || !v.TryGetValue(out string? name) || string.IsNullOrEmpty(name)) continue;
            if (!char.IsLetter(name[0]) || !name.All(c => char.IsLetterOrDigit(c) || c == '_')) continue;
            var key = "get" + char.ToUpperInvariant(name[0]) + name[1..];
            scope.Globals.TryAdd(key, new Func<object?>(() => ToClr(Find(input, name))));
        }
    }

    private static JsonNode? Find(JsonObject input, string name) =>
        input.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToClr(p.Value)),
        JsonArray a => a.Select(ToClr).ToArray(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.GetValue<double>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };
}
