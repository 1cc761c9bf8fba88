using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PostPurchase.Persistence.Privacy;

/// <summary>
/// The words that identify one customer in stored text — their email, phone (with or without the plus) and name (whole
/// and each part) — and how to find and blank them. Names match whole words only (case-insensitive), so a customer
/// called "Ada" does not blank "Adapter"; email and phone match anywhere. JSON is redacted value by value (and property
/// names), so escaped
/// text (<c>\u002B</c> for a plus, non-ASCII letters) is compared as the text it stands for and the JSON stays valid.
/// </summary>
public sealed class PersonalDataTerms
{
    /// <summary>What replaces each identifying term.</summary>
    public const string Erased = "[erased]";

    private readonly Regex _pattern;

    /// <param name="emails">Further addresses of the same customer (found next to the requested one).</param>
    /// <param name="phones">Further E.164 numbers of the same customer.</param>
    public PersonalDataTerms(PrivacySubject subject, IEnumerable<string> names, IEnumerable<string>? emails = null, IEnumerable<string>? phones = null)
    {
        var parts = new List<string>();
        foreach (var email in new[] { subject.Email }.Concat(emails ?? []).OfType<string>().Distinct())
            parts.Add(Regex.Escape(email));
        foreach (var digits in new[] { subject.Phone }.Concat(phones ?? []).OfType<string>().Select(p => p.TrimStart('+')).Distinct())
            parts.Add($@"(?<!\d)\+?{digits}(?!\d)");
        var nameTerms = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim())
            .SelectMany(n => n.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Append(n))
            .Where(n => n.Length >= 2).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(n => n.Length).ToList();
        Names = nameTerms;
        parts.AddRange(nameTerms.Select(n => $@"(?<!\w){Regex.Escape(n)}(?!\w)"));
        _pattern = new Regex(string.Join("|", parts), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
    }

    /// <summary>The name terms (whole names and their parts of two letters or more), longest first.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool Mentions(string? text) => text is not null && _pattern.IsMatch(text);

    public string? Redact(string? text) => text is null ? null : _pattern.Replace(text, Erased);

    /// <summary>Every string value and property name with the terms blanked; null stays null.</summary>
    public JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (Redact(value) is var redacted && !ReferenceEquals(redacted, value))
                        obj[key] = redacted;
                    if (!Mentions(key)) continue;
                    // A property named after them (a metadata key, say): renamed, keeping its value.
                    var moved = obj[key];
                    obj.Remove(key);
                    var renamed = Redact(key)!;
                    for (var n = 2; obj.ContainsKey(renamed); n++) renamed = $"{Redact(key)} {n}";
                    obj[renamed] = moved;
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (Redact(array[i]) is var redacted && !ReferenceEquals(redacted, array[i]))
                        array[i] = redacted;
                return array;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                return Mentions(text) ? JsonValue.Create(Redact(text)) : value;
            default:
                return node;
        }
    }

    /// <summary>JSON text redacted value by value; text that is not JSON is redacted as text.</summary>
    public string? RedactJson(string? json)
    {
        if (json is null) return null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return Redact(json);
        }

        return Redact(node)?.ToJsonString() ?? json;
    }

    /// <summary>Whether any string value in the JSON text (or the text itself, when it is not JSON) mentions a term.</summary>
    public bool MentionsJson(string? json)
    {
        if (json is null) return false;
        try
        {
            return Strings(JsonNode.Parse(json)).Any(Mentions);
        }
        catch (System.Text.Json.JsonException)
        {
            return Mentions(json);
        }
    }

    internal static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value).Prepend(p.Key)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };
}
