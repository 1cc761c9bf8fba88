using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Server.ElsaApi;

/// <summary>
/// Reads the Studio's query strings (Refit's PascalCase keys mixed with camelCase route parameters; keys and booleans
/// are case-insensitive, arrays are repeated keys) and JSON bodies (explicit nulls mean "absent").
/// </summary>
public static class ApiQuery
{
    public static string? Text(this HttpRequest request, string key) =>
        request.Query.TryGetValue(key, out var values) && values.FirstOrDefault() is { Length: > 0 } v ? v : null;

    public static IReadOnlyList<string> List(this HttpRequest request, string key) =>
        request.Query.TryGetValue(key, out var values)
            ? values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
            : [];

    public static int Int(this HttpRequest request, string key, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = request.Text(key);
        if (text is null) return fallback;
        if (!int.TryParse(text, out var value) || value < min || value > max)
            throw new BadRequestException(key, $"'{text}' is not a whole number between {min} and {max}.");
        return value;
    }

    public static bool? Bool(this HttpRequest request, string key)
    {
        var text = request.Text(key);
        if (text is null) return null;
        return bool.TryParse(text, out var value) ? value : throw new BadRequestException(key, $"'{text}' is not True or False.");
    }

    public static VersionOptions Versions(string? text, VersionOptions fallback)
    {
        if (text is null) return fallback;
        try
        {
            return VersionOptions.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new BadRequestException("versionOptions", ex.Message);
        }
    }

    /// <summary>The request body as a JSON object; empty body → empty object; anything else → 400.</summary>
    public static async Task<JsonObject> BodyAsync(this HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text)) return new JsonObject();
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new BadRequestException("body", "The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new BadRequestException("body", $"The request body is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>A string property (case-insensitive name); null, empty or absent → null.</summary>
    public static string? String(this JsonObject json, string name) =>
        Find(json, name) is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s : null;

    public static bool? Boolean(this JsonObject json, string name) => Find(json, name) switch
    {
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out string? s) && bool.TryParse(s, out var b) => b,
        _ => null,
    };

    public static IReadOnlyList<string> Strings(this JsonObject json, string name) =>
        Find(json, name) is JsonArray array ? array.OfType<JsonValue>().Select(v => v.TryGetValue(out string? s) ? s : null).OfType<string>().ToList() : [];

    public static JsonNode? Find(this JsonObject json, string name) =>
        json.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
