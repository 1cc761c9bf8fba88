using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// Marks the values a template took from outside (purchase, customer, address, item and review fields, webhook
/// payloads, AI output: the workflow input, variables and activity outputs) so that message text can keep them as
/// data. A rendered template carries each such value between <see cref="Open"/> and <see cref="Close"/> (two
/// Private Use Area characters, removed from the values themselves); <see cref="MessageText"/> turns that into the
/// plain text, the Markdown (values escaped, so they never become a link, image or formatting) and the list of URLs
/// the template's own text contains (the only ones click tracking may rewrite).
/// </summary>
public static partial class UntrustedText
{
    public const char Open = '\uE000';
    public const char Close = '\uE001';

    // The ASCII punctuation Markdown (with Markdig's autolinks and emphasis extras) gives a meaning to.
    private const string MarkdownPunctuation = "\\`*_{}[]()<>#+-.!|~&:=^";

    /// <summary>The value between marks (nothing for an empty value, so <c>if</c>/<c>default</c> still see it as empty).</summary>
    public static string Mark(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return Open + Strip(value) + Close;
    }

    public static bool HasMarks(string? text) => text is not null && text.AsSpan().IndexOfAny(Open, Close) >= 0;

    /// <summary>The text as typed: marks removed.</summary>
    public static string Strip(string text) => HasMarks(text) ? text.Replace(Open.ToString(), "").Replace(Close.ToString(), "") : text;

    /// <summary>A copy of <paramref name="node"/> with the marks removed from its strings (scripts see values as typed).</summary>
    public static JsonNode? Strip(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Strip(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Strip).ToArray()),
        JsonValue v when v.TryGetValue(out string? s) && HasMarks(s) => JsonValue.Create(Strip(s)),
        _ => node.DeepClone(),
    };

    /// <summary>
    /// Markdown in which every marked value reads literally: ASCII punctuation is backslash-escaped (CommonMark §2.4),
    /// which also keeps <c>https://</c> and <c>www.</c> in data from being autolinked or matched by click tracking.
    /// </summary>
    public static string ToMarkdown(string text)
    {
        if (!HasMarks(text)) return text;
        var builder = new StringBuilder(text.Length + 16);
        var inside = false;
        foreach (var c in text)
        {
            if (c == Open) inside = true;
            else if (c == Close) inside = false;
            else if (inside && MarkdownPunctuation.Contains(c)) builder.Append('\\').Append(c);
            else builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The http(s) URLs written in the template's own text (marked values excluded), as click tracking finds them.</summary>
    public static IReadOnlyList<string> TrustedUrls(string text)
    {
        var skeleton = MarkedValue().Replace(text, " ");
        return Url().Matches(skeleton).Select(m => m.Value.TrimEnd('.', ',', ';', ':', '!', '?')).Distinct().ToList();
    }

    // Stops where click tracking's URL pattern stops.
    [GeneratedRegex(@"https?://[^\s<>""'()\[\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex("\uE000[^\uE001]*\uE001?")]
    private static partial Regex MarkedValue();
}

/// <summary>A rendered message text in the forms a channel needs; see <see cref="UntrustedText"/>.</summary>
/// <param name="Plain">Exactly as typed (SMS, subjects, the text part).</param>
/// <param name="Markdown">Markdown with data escaped (email bodies).</param>
/// <param name="TrustedUrls">URLs from the template's own text; click tracking rewrites only these and server-made links.</param>
public sealed record MessageText(string Plain, string Markdown, IReadOnlyList<string> TrustedUrls)
{
    public static MessageText From(string? rendered)
    {
        rendered ??= "";
        return new MessageText(UntrustedText.Strip(rendered), UntrustedText.ToMarkdown(rendered), UntrustedText.TrustedUrls(rendered));
    }
}
