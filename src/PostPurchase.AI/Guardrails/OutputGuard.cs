using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PostPurchase.AI.Guardrails;

/// <summary>What a generated text must satisfy before a customer sees it.</summary>
/// <param name="AllowedUrls">The only URLs the text may contain (those given in the instruction, context and required tokens).</param>
/// <param name="RequiredFields">With a JSON output: the object's string properties that must be present.</param>
public sealed record OutputRules(int MaxCharacters, IReadOnlyList<string> RequiredTokens, IReadOnlyCollection<string> AllowedUrls, IReadOnlyList<string>? RequiredFields);

/// <summary>Checks a model's answer against <see cref="OutputRules"/>; the first problem found is returned, or null.</summary>
public static partial class OutputGuard
{
    public static string? Validate(string output, OutputRules rules, out JsonObject? parsed)
    {
        parsed = null;
        var text = output;
        if (rules.RequiredFields is { } fields)
        {
            JsonObject? json = null;
            try
            {
                json = JsonNode.Parse(output) as JsonObject;
            }
            catch (JsonException)
            {
            }

            if (json is null) return "the answer must be one JSON object";
            var missing = fields.Where(f => json[f] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetValue<string>())).ToList();
            if (missing.Count > 0) return $"the JSON object lacks the string field(s) {string.Join(", ", missing)}";
            text = string.Join("\n", fields.Select(f => json[f]!.GetValue<string>()));
            parsed = json;
        }

        if (string.IsNullOrWhiteSpace(text)) return "the answer is empty";
        if (text.Length > rules.MaxCharacters) return $"the answer has {text.Length} characters; the maximum is {rules.MaxCharacters}";
        var absent = rules.RequiredTokens.Where(t => !text.Contains(t, StringComparison.Ordinal)).ToList();
        if (absent.Count > 0) return $"the answer must contain {string.Join(", ", absent.Select(t => $"\"{t}\""))} exactly as written";
        if (text.Contains("{{", StringComparison.Ordinal) || text.Contains("}}", StringComparison.Ordinal) || Placeholder().IsMatch(text))
            return "the answer contains an unfilled placeholder";
        var foreign = Urls(text).Where(u => !rules.AllowedUrls.Contains(u)).ToList();
        if (foreign.Count > 0) return $"the answer contains a link that was not provided: {foreign[0]}";
        return null;
    }

    /// <summary>Every http(s) URL in the text, without trailing punctuation.</summary>
    public static IEnumerable<string> Urls(string text) =>
        Url().Matches(text).Select(m => m.Value.TrimEnd('.', ',', ')', ']', '!', '?', ';', ':', '\'', '"'));

    [GeneratedRegex(@"https?://[^\s<>()\[\]""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\[(name|first ?name|product|code|discount ?code|link)\]", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();
}
