using System.Text.Json.Nodes;

namespace PostPurchase.Messaging.Tests.Support;

/// <summary>The read-only vendor fixtures in <c>shared/fixtures/</c> next to the repository (found by walking up).</summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(Path.Combine(candidate, "twilio"))) return candidate;
        }

        throw new DirectoryNotFoundException("shared/fixtures/twilio was not found above " + AppContext.BaseDirectory);
    });

    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(Root.Value, relativePath)).TrimEnd('\n', '\r');

    public static JsonObject Json(string relativePath) => JsonNode.Parse(Text(relativePath))!.AsObject();

    /// <summary>An x-www-form-urlencoded body as ordered name/value pairs.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Form(string body) => body.Split('&')
        .Select(p => p.Split('=', 2))
        .Select(kv => new KeyValuePair<string, string>(Decode(kv[0]), Decode(kv.Length > 1 ? kv[1] : "")))
        .ToList();

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
