using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Expressions;

/// <summary>Converts expression results (JSON) to the CLR type an input declares, leniently as Elsa does ("True" → true, "00:05:00" → 5 min).</summary>
public static class ValueConverter
{
    /// <summary>
    /// Converts <paramref name="node"/> to <typeparamref name="T"/>. Throws <see cref="FormatException"/> when a
    /// non-nullable value type (bool, int…) receives no value, instead of failing on a null unboxing.
    /// </summary>
    public static T? Convert<T>(JsonNode? node) =>
        Convert(node, typeof(T)) is { } value ? (T)value
        : default(T) is null ? default
        : throw new FormatException($"the expression gave no value (null or undefined) where a {typeof(T).Name} is required");

    public static object? Convert(JsonNode? node, Type type)
    {
        if (node is null) return null;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(JsonNode) || target == typeof(object) && node is not JsonValue) return node.DeepClone();
        if (target == typeof(JsonObject)) return node as JsonObject ?? throw new FormatException("expected a JSON object");
        if (target == typeof(JsonArray)) return node as JsonArray ?? throw new FormatException("expected a JSON array");

        if (node is JsonValue value && value.TryGetValue(out string? text))
        {
            if (target == typeof(string)) return text;
            if (target == typeof(object)) return text;
            if (string.IsNullOrWhiteSpace(text)) return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
            if (target == typeof(bool)) return bool.Parse(text.Trim());
            if (target == typeof(TimeSpan)) return TimeSpanParser.Parse(text);
            if (target == typeof(DateTimeOffset)) return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            if (target == typeof(DateTime)) return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            if (target.IsEnum) return Enum.Parse(target, text.Trim(), ignoreCase: true);
            if (target.IsPrimitive || target == typeof(decimal)) return System.Convert.ChangeType(text.Trim(), target, CultureInfo.InvariantCulture);
            return JsonNode.Parse(text).Deserialize(type, Workflows.JsonDefaults.Options);
        }

        if (target == typeof(string)) return node is JsonValue ? node.ToJsonString() : node.ToJsonString();
        if (target == typeof(object)) return node.Deserialize<object>(Workflows.JsonDefaults.Options);
        return node.Deserialize(type, Workflows.JsonDefaults.Options);
    }
}

/// <summary>Parses durations written as "2.00:00:00", "00:05:00", ISO 8601 "P2D"/"PT5M", or a number of seconds.</summary>
public static class TimeSpanParser
{
    public static TimeSpan Parse(string text)
    {
        text = text.Trim();
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)) return span;
        if (text.StartsWith('P') || text.StartsWith('p')) return System.Xml.XmlConvert.ToTimeSpan(text.ToUpperInvariant());
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        throw new FormatException($"'{text}' is not a duration (use d.hh:mm:ss or ISO 8601 like P2D).");
    }
}
