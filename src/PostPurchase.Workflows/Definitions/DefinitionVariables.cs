using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Definitions;

/// <summary>A workflow variable as declared in the definition (<c>{"id","name","typeName","value"}</c>).</summary>
public sealed record VariableDeclaration(string Id, string Name, string TypeName, JsonNode? Value);

public static class DefinitionVariables
{
    public static IReadOnlyList<VariableDeclaration> Read(JsonObject document)
    {
        var result = new List<VariableDeclaration>();
        foreach (var item in document["variables"] as JsonArray ?? [])
        {
            if (item is not JsonObject v) continue;
            var name = v["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name)) continue;
            result.Add(new VariableDeclaration(v["id"]?.GetValue<string>() ?? name, name, v["typeName"]?.GetValue<string>() ?? "Object", v["value"]?.DeepClone()));
        }

        return result;
    }

    /// <summary>Initial values: the declared value converted to the declared type ("0" for Int32 becomes 0).</summary>
    public static Dictionary<string, JsonNode?> InitialValues(JsonObject document)
    {
        var values = new Dictionary<string, JsonNode?>();
        foreach (var v in Read(document))
            values[v.Name] = Initial(v);
        return values;
    }

    private static JsonNode? Initial(VariableDeclaration v)
    {
        if (v.Value is not JsonValue value || !value.TryGetValue(out string? text)) return v.Value?.DeepClone();
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            return v.TypeName switch
            {
                "Int16" or "Int32" or "Int64" or "Long" => JsonValue.Create(long.Parse(text)),
                "Single" or "Double" or "Decimal" => JsonValue.Create(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
                "Boolean" => JsonValue.Create(bool.Parse(text)),
                "Object" or "JSON" or "JsonNode" or "JsonObject" or "JsonArray" when text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[') => JsonNode.Parse(text),
                _ => JsonValue.Create(text),
            };
        }
        catch (FormatException ex)
        {
            throw new ExpressionException($"Variable '{v.Name}': initial value '{text}' is not a {v.TypeName}.", ex);
        }
    }
}
