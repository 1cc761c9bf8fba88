using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// The data a text template sees (Handlebars and Liquid alike): the input's properties at the top level
/// (<c>Purchase</c>), <c>Input</c>, <c>Variables</c> (and each variable by name), <c>Activities</c> outputs by activity
/// name, <c>WorkflowInstanceId</c>, <c>CorrelationId</c>, and contributed globals (<c>Catalog</c>, <c>Store</c>).
/// Names are case-insensitive. Strings from the input, variables and outputs are untrusted; globals are trusted
/// (catalog.json, Store settings, server-made links). <paramref name="text"/> maps each string with its trust.
/// </summary>
public static class TemplateModel
{
    public static Dictionary<string, object?> Build(ExpressionScope scope, Func<string, bool, object> text)
    {
        var model = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in scope.Input) model[key] = ToModel(value, false, text);
        model["Input"] = ToModel(scope.Input, false, text);
        var variables = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in scope.Variables)
        {
            variables[key] = ToModel(value, false, text);
            model.TryAdd(key, variables[key]);
        }

        model["Variables"] = variables;
        model["Activities"] = ToModel(scope.Activities, false, text);
        model["WorkflowInstanceId"] = text(scope.WorkflowInstanceId, false);
        model["CorrelationId"] = scope.CorrelationId is null ? null : text(scope.CorrelationId, false);
        foreach (var (key, value) in scope.Globals) model[key] = value is JsonNode node ? ToModel(node, true, text) : value;
        return model;
    }

    public static object? ToModel(JsonNode? node, bool trusted, Func<string, bool, object> text) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToModel(p.Value, trusted, text), StringComparer.OrdinalIgnoreCase),
        JsonArray a => a.Select(n => ToModel(n, trusted, text)).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => text(v.TryGetValue(out string? s) ? s : v.ToString(), trusted),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Values parsed from JSON and values built in code (int, long, decimal…) both arrive here.
            JsonValueKind.Number => v.TryGetValue(out long l) ? l : v.TryGetValue(out int i) ? i : v.TryGetValue(out decimal d) ? d
                : decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => text(node.ToJsonString(), trusted),
    };

    /// <summary>The recipient's time zone: <c>purchase.customer.timeZone</c> (IANA id), else UTC.</summary>
    public static TimeZoneInfo RecipientZone(ExpressionScope scope)
    {
        var id = (Find(scope.Input, "purchase") as JsonObject) is { } purchase && Find(purchase, "customer") is JsonObject customer
            && Find(customer, "timeZone") is JsonValue zone && zone.TryGetValue(out string? name) ? name : null;
        return !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
    }

    private static JsonNode? Find(JsonObject o, string name) =>
        o.TryGetPropertyValue(name, out var v) ? v : o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
