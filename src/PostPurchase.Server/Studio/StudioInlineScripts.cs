using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Server.Studio;

/// <summary>
/// The inline <c>&lt;script&gt;</c> blocks the Studio's own Razor components render at run time (e.g. Elsa.Studio.Workflows'
/// <c>window.editorHotkeys</c>), found in the package's compiled assemblies, as CSP hash sources
/// (<c>'sha256-…'</c>). Allowing exactly these hashes lets the shipped scripts run without <c>'unsafe-inline'</c>; a
/// script injected by anyone else still has no matching hash. Read once per package directory.
/// </summary>
public static class StudioInlineScripts
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Cache = new(StringComparer.Ordinal);
    private static readonly byte[] Open = Encoding.Unicode.GetBytes("<script>");
    private static readonly byte[] Close = Encoding.Unicode.GetBytes("</script>");

    /// <summary>CSP hash sources (<c>'sha256-…'</c>) of every inline script in the package's <c>_framework/*.wasm</c> assemblies.</summary>
    public static IReadOnlyList<string> HashSources(string? packageDirectory) =>
        packageDirectory is null ? [] : Cache.GetOrAdd(packageDirectory, Scan);

    private static IReadOnlyList<string> Scan(string packageDirectory)
    {
        var hashes = new SortedSet<string>(StringComparer.Ordinal);
        var framework = Path.Combine(packageDirectory, "_framework");
        if (!Directory.Exists(framework)) return [];
        foreach (var file in Directory.EnumerateFiles(framework, "*.wasm"))
        {
            ReadOnlySpan<byte> bytes = File.ReadAllBytes(file); // .NET string literals are UTF-16 in the assemblies
            var at = 0;
            while (at < bytes.Length)
            {
                var open = bytes[at..].IndexOf(Open);
                if (open < 0) break;
                var start = at + open + Open.Length;
                var close = bytes[start..].IndexOf(Close);
                if (close < 0) break;
                if (close % 2 == 0 && close < 256 * 1024)
                {
                    var script = Encoding.Unicode.GetString(bytes.Slice(start, close));
                    if (script.Trim().Length > 0) hashes.Add($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'");
                }

                at = start + close + Close.Length;
            }
        }

        return hashes.ToList();
    }
}
