using System.Dynamic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Expressions.CSharp;

/// <summary>
/// Hands JSON values to C# scripts as plain CLR values and back: text → <see cref="string"/>, whole numbers →
/// <see cref="int"/> (or <see cref="long"/> when larger), other numbers → <see cref="double"/>, true/false →
/// <see cref="bool"/>, objects → <see cref="ExpandoObject"/> (so <c>order.Total</c> works on <c>dynamic</c>), arrays →
/// <c>List&lt;object?&gt;</c>. Results go back through System.Text.Json with member names as written, so anonymous
/// objects, dictionaries and lists become JSON.
/// </summary>
public static class ClrJson
{
    private static readonly JsonSerializerOptions Options = new();

    public static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => ToExpando(o),
        JsonArray a => a.Select(ToClr).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => UntrustedText.Strip(v.GetValue<string>()),
            JsonValueKind.Number when v.TryGetValue(out int i) => i,
            JsonValueKind.Number when v.TryGetValue(out long l) => l,
            JsonValueKind.Number => v.GetValue<double>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };

    /// <summary>A value as <typeparamref name="T"/>: the CLR shape above for <c>object</c>, else Elsa's lenient conversion.</summary>
    public static T? ToClr<T>(JsonNode? node) =>
        typeof(T) == typeof(object) ? (T?)ToClr(node) : ValueConverter.Convert<T>(node);

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };

    private static ExpandoObject ToExpando(JsonObject o)
    {
        var expando = new ExpandoObject();
        IDictionary<string, object?> members = expando;
        foreach (var (key, value) in o) members[key] = ToClr(value);
        return expando;
    }
}
