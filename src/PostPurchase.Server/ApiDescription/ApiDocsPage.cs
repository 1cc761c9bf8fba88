using System.Reflection;

namespace PostPurchase.Server.ApiDescription;

/// <summary>
/// The browsable API page: three embedded files (HTML, CSS, script) served under <c>/api-docs</c> with a strict
/// Content-Security-Policy (<c>script-src 'self'</c>, nothing inline, nothing from elsewhere).
/// </summary>
internal static class ApiDocsPage
{
    public const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Files = new[]
    {
        ("api-docs.html", "text/html; charset=utf-8"),
        ("api-docs.css", "text/css; charset=utf-8"),
        ("api-docs.js", "text/javascript; charset=utf-8"),
    }.ToDictionary(f => f.Item1, f => (f.Item2, Read(f.Item1)), StringComparer.Ordinal);

    public static IResult Serve(HttpContext http, string file)
    {
        if (!Files.TryGetValue(file, out var content)) return Results.NotFound();
        Security.SecurityHeaders.UsePolicy(http, Policy); // written with the other security headers by the one middleware
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(content.Bytes, content.ContentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PostPurchase.Server.ApiDescription." + name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
