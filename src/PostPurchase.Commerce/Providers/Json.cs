using System.Globalization;
using System.Text.Json;

namespace PostPurchase.Commerce.Providers;

/// <summary>Small, null-tolerant readers over vendor JSON (vendors send null, omit keys and mix strings with numbers).</summary>
internal static class Json
{
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new MalformedWebhookException("The body is not a JSON object.");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new MalformedWebhookException("The body is not valid JSON.", ex);
        }
    }

    public static JsonElement? Get(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out var next) || next.ValueKind == JsonValueKind.Null)
                return null;
            current = next;
        }

        return current;
    }

    public static string? Str(this JsonElement element, params string[] path) => element.Get(path) switch
    {
        { ValueKind: JsonValueKind.String } e => NullIfEmpty(e.GetString()),
        { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    public static long? Long(this JsonElement element, params string[] path) => element.Get(path) switch
    {
        { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var v) => v,
        { ValueKind: JsonValueKind.String } e when long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    public static decimal? Decimal(this JsonElement element, params string[] path) => element.Get(path) switch
    {
        { ValueKind: JsonValueKind.Number } e when e.TryGetDecimal(out var v) => v,
        { ValueKind: JsonValueKind.String } e when decimal.TryParse(e.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    public static bool? Bool(this JsonElement element, params string[] path) => element.Get(path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } e when bool.TryParse(e.GetString(), out var v) => v,
        _ => null,
    };

    public static IEnumerable<JsonElement> Array(this JsonElement element, params string[] path) =>
        element.Get(path) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    public static Dictionary<string, string> StringMap(this JsonElement element, params string[] path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.Get(path) is not { ValueKind: JsonValueKind.Object } obj) return map;
        foreach (var property in obj.EnumerateObject())
            if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        return map;
    }

    public static string Required(this JsonElement element, string what, params string[] path) =>
        element.Str(path) ?? throw new MalformedWebhookException($"The body has no {what} ({string.Join('.', path)}).");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
