using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PostPurchase.Persistence.Privacy;

/// <summary>
/// The words that identify one customer in stored text — their email, phone (with or without the plus) and name (whole
/// and each part), their provider customer ids, and the address lines, IPs and notes found under personal keys — and how
/// to find and blank them. Names match whole words only (case-insensitive), so a customer called "Ada" does not blank
/// "Adapter"; email and phone match anywhere; identifiers match as whole tokens. JSON is redacted value by value (and
/// property names), and every value under a personal key (<see cref="IsPersonalKey"/>) is blanked whatever it says, so escaped
/// text (<c>\u002B</c> for a plus, non-ASCII letters) is compared as the text it stands for and the JSON stays valid.
/// </summary>
public sealed class PersonalDataTerms
{
    /// <summary>What replaces each identifying term.</summary>
    public const string Erased = "[erased]";

    private readonly Regex _pattern;

    /// <param name="emails">Further addresses of the same customer (found next to the requested one).</param>
    /// <param name="phones">Further E.164 numbers of the same customer.</param>
    /// <param name="identifiers">Provider customer ids, address lines, IPs and notes of the customer, blanked as whole tokens.</param>
    public PersonalDataTerms(PrivacySubject subject, IEnumerable<string> names, IEnumerable<string>? emails = null, IEnumerable<string>? phones = null,
        IEnumerable<string>? identifiers = null)
    {
        var parts = new List<string>();
        foreach (var identifier in (identifiers ?? []).Select(i => i.Trim()).Where(i => i.Length >= 4 && i != Erased)
                     .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(i => i.Length))
            parts.Add($@"(?<![\w-]){Regex.Escape(identifier)}(?![\w-])");
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

    /// <summary>
    /// Keys whose values identify the customer whatever they say: the provider's customer id, postal addresses (an
    /// object or a line), the buyer's IP, and free-text notes they wrote. Compared case-insensitively, ignoring
    /// <c>_</c> and <c>-</c> (Stripe's <c>postal_code</c>, Shopify's <c>browser_ip</c>).
    /// </summary>
    private static readonly HashSet<string> PersonalKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "providerCustomerId", "customerId", "address", "shippingAddress", "billingAddress", "shipping", "billing", "line1", "line2",
        "address1", "address2", "addressLine1", "addressLine2", "street", "postalCode", "postcode", "zip", "ip", "ipAddress",
        "browserIp", "clientIp", "customerIp", "note", "notes", "customerNote", "deliveryNote", "deliveryInstructions", "giftMessage",
    };

    /// <summary>Whether a JSON property's value is the customer's personal data by its key alone (see <see cref="PersonalKeys"/>).</summary>
    public static bool IsPersonalKey(string key) => PersonalKeys.Contains(key.Replace("_", "").Replace("-", ""));

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
                    if (IsPersonalKey(key))
                    {
                        if (Blank(value) is var blanked && !ReferenceEquals(blanked, value)) obj[key] = blanked;
                    }
                    else if (Redact(value) is var redacted && !ReferenceEquals(redacted, value))
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

    /// <summary>Every string under a personal key becomes <see cref="Erased"/> (numbers, booleans and nulls stay).</summary>
    private static JsonNode? Blank(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                    if (Blank(value) is var blanked && !ReferenceEquals(blanked, value)) obj[key] = blanked;
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (Blank(array[i]) is var blanked && !ReferenceEquals(blanked, array[i])) array[i] = blanked;
                return array;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.GetValue<string>() != Erased:
                return JsonValue.Create(Erased);
            default:
                return node;
        }
    }

    /// <summary>The strings under personal keys anywhere in the JSON (what <see cref="Blank"/> would erase).</summary>
    internal static IEnumerable<string> PersonalValues(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => IsPersonalKey(p.Key) ? Values(p.Value) : PersonalValues(p.Value)),
        JsonArray array => array.SelectMany(PersonalValues),
        _ => [],
    };

    private static IEnumerable<string> Values(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Values(p.Value)),
        JsonArray array => array.SelectMany(Values),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

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
