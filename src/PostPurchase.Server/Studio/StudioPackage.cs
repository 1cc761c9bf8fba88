using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace PostPurchase.Server.Studio;

/// <summary>
/// The installed npm package <c>@elsa-workflows/elsa-studio-wasm</c> (prebuilt Blazor WebAssembly) served byte for
/// byte under <c>/studio/</c>: right MIME types, the pre-compressed <c>.br</c>/<c>.gz</c> sibling when the browser
/// accepts it, and a year-long immutable cache for fingerprinted file names.
/// </summary>
public sealed partial class StudioPackage
{
    public const string PackagePath = "node_modules/@elsa-workflows/elsa-studio-wasm";

    private readonly PhysicalFileProvider? _files;
    private readonly FileExtensionContentTypeProvider _types = new();

    public StudioPackage(string? directory)
    {
        Directory = directory;
        if (directory is not null) _files = new PhysicalFileProvider(directory);
        _types.Mappings[".wasm"] = "application/wasm";
        _types.Mappings[".dat"] = "application/octet-stream";
        _types.Mappings[".json"] = "application/json";
        _types.Mappings[".js"] = "text/javascript";
        _types.Mappings[".mjs"] = "text/javascript";
        _types.Mappings[".webmanifest"] = "application/manifest+json";
    }

    /// <summary>The package directory, or null when it is not installed.</summary>
    public string? Directory { get; }

    public bool IsInstalled => Directory is not null;

    /// <summary>
    /// Finds the package: <c>Studio__PackageDirectory</c>, else <c>Studio/node_modules/…</c> under the content root
    /// (dotnet run, tests) or next to the binaries (published output).
    /// </summary>
    public static StudioPackage Locate(IConfiguration configuration, string contentRoot)
    {
        var candidates = new List<string>();
        if (configuration["Studio:PackageDirectory"] is { Length: > 0 } configured) candidates.Add(Path.GetFullPath(configured));
        candidates.Add(Path.Combine(contentRoot, "Studio", PackagePath));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "Studio", PackagePath));
        var found = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "_framework", "blazor.webassembly.js")));
        return new StudioPackage(found);
    }

    /// <summary>The package's own index.html (for its list of includes).</summary>
    public string? ReadIndexHtml() => Directory is null ? null : File.ReadAllText(Path.Combine(Directory, "index.html"));

    public IResult Serve(HttpContext context, string path)
    {
        if (_files is null || string.IsNullOrEmpty(path) || path.EndsWith('/')) return Results.NotFound();
        var file = _files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null) return Results.NotFound();
        if (!_types.TryGetContentType(path, out var contentType)) contentType = "application/octet-stream";

        var headers = context.Response.Headers;
        headers.CacheControl = IsFingerprinted(path) ? "public, max-age=31536000, immutable" : "no-cache";
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";

        var served = file;
        foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (!Accepts(context.Request, encoding)) continue;
            var sibling = _files.GetFileInfo(path + suffix);
            if (!sibling.Exists || sibling.PhysicalPath is null) continue;
            headers.ContentEncoding = encoding;
            served = sibling;
            break;
        }

        var etag = new EntityTagHeaderValue($"\"{served.Length:x}-{served.LastModified.ToUnixTimeSeconds():x}\"");
        return Results.File(served.PhysicalPath!, contentType, lastModified: served.LastModified, entityTag: etag);
    }

    private static bool Accepts(HttpRequest request, string encoding) =>
        request.Headers.AcceptEncoding.ToString().Split(',')
            .Select(s => StringWithQualityHeaderValue.TryParse(s.Trim(), out var v) ? v : null)
            .Any(v => v is not null && string.Equals(v.Value.Value, encoding, StringComparison.OrdinalIgnoreCase) && (v.Quality ?? 1) > 0);

    /// <summary>Blazor's publish fingerprint: <c>name.{10 lowercase letters/digits}.ext</c>.</summary>
    private static bool IsFingerprinted(string path) => Fingerprint().IsMatch(Path.GetFileName(path));

    [GeneratedRegex(@"\.[a-z0-9]{10}\.[a-z]+$")]
    private static partial Regex Fingerprint();
}
