using System.Text.Json.Nodes;

namespace PostPurchase.TestSupport.Commerce;

/// <summary>The read-only vendor fixtures in <c>../shared/fixtures</c> (override with PP_FIXTURES_DIR).</summary>
public static class VendorFixtures
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path(string relative) => System.IO.Path.Combine(Root.Value, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    public static JsonObject Object(string relative) => JsonNode.Parse(File.ReadAllText(Path(relative)))!.AsObject();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("PP_FIXTURES_DIR") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(dir.FullName, "shared", "fixtures"), System.IO.Path.Combine(dir.FullName, "..", "shared", "fixtures") })
                if (Directory.Exists(System.IO.Path.Combine(candidate, "stripe")))
                    return System.IO.Path.GetFullPath(candidate);
        }

        throw new DirectoryNotFoundException("Vendor fixtures not found: expected ../shared/fixtures next to the repository (or set PP_FIXTURES_DIR).");
    }
}
