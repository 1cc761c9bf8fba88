using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PostPurchase.Server.Studio;

/// <summary>
/// Our own host pages around the Studio's custom elements (the package's sample index.html uses an unregistered
/// element): <c>&lt;base href="/studio/"&gt;</c>, the package's style and script includes minus the external Google Fonts,
/// a navigation bar, and one element with <c>remote-endpoint</c> and a fresh <c>access-token</c>.
/// </summary>
public sealed partial class HostPage(StudioPackage package)
{
    private readonly Lazy<(string Head, string Scripts)> _includes = new(() => ReadIncludes(package.ReadIndexHtml() ?? ""));

    public sealed record Element(string Tag, string Title, IReadOnlyDictionary<string, string> Attributes, string? Script = null);

    public string Render(Element element, string remoteEndpoint, string accessToken, string user, string scriptNonce)
    {
        var (head, scripts) = _includes.Value;
        var attributes = new StringBuilder();
        foreach (var (name, value) in element.Attributes.Append(new("remote-endpoint", remoteEndpoint)).Append(new("access-token", accessToken)))
            attributes.Append($" {name}=\"{WebUtility.HtmlEncode(value)}\"");

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1.0"/>
                <title>{{WebUtility.HtmlEncode(element.Title)}} · PostPurchase Studio</title>
                <base href="/studio/"/>
            {{head}}
                <style>
                    html, body { height: 100%; margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
                    body { display: flex; flex-direction: column; }
                    .pp-nav { display: flex; gap: 1.25rem; align-items: center; padding: 0 1rem; height: 44px; flex: none;
                              background: #1f2937; color: #f9fafb; font-size: 14px; }
                    .pp-nav a { color: #e5e7eb; text-decoration: none; }
                    .pp-nav a:hover { text-decoration: underline; }
                    .pp-nav .pp-brand { font-weight: 600; color: #fff; }
                    .pp-nav form { margin-left: auto; }
                    .pp-nav button { background: none; border: 1px solid #6b7280; color: #e5e7eb; border-radius: 4px; padding: 2px 10px; cursor: pointer; }
                    .pp-main { flex: 1; min-height: 0; overflow: auto; position: relative; }
                    .pp-main > * { display: block; height: 100%; }
                </style>
            </head>
            <body>
            <nav class="pp-nav">
                <span class="pp-brand">PostPurchase Studio</span>
                <a href="/studio/" id="pp-nav-definitions">Workflow definitions</a>
                <a href="/studio/workflows/instances" id="pp-nav-instances">Instances</a>
                <a href="/studio/reports">Reports</a>
                <a href="/studio/audit">Audit trail</a>
                <a href="/studio/users">Users</a>
                <form method="post" action="/studio/logout"><span>{{WebUtility.HtmlEncode(user)}}</span> <button type="submit">Sign out</button></form>
            </nav>
            <main class="pp-main">
                <{{element.Tag}} id="studio-element"{{attributes}}></{{element.Tag}}>
            </main>
            <div id="blazor-error-ui" hidden>
                An unhandled error has occurred.
                <a href="" class="reload">Reload</a>
                <a class="dismiss">🗙</a>
            </div>
            {{scripts}}
            <script nonce="{{scriptNonce}}">
            (function () {
                var element = document.getElementById('studio-element');
                function go(path) { window.location.assign(document.baseURI + path); }
            {{element.Script}}
            })();
            </script>
            </body>
            </html>
            """;
    }

    private static (string Head, string Scripts) ReadIncludes(string indexHtml)
    {
        var head = new StringBuilder();
        foreach (Match link in LinkTag().Matches(indexHtml))
        {
            var tag = link.Value;
            if (tag.Contains("http://", StringComparison.OrdinalIgnoreCase) || tag.Contains("https://", StringComparison.OrdinalIgnoreCase)) continue;
            head.Append("    ").AppendLine(tag);
        }

        var scripts = new StringBuilder();
        foreach (Match script in ScriptTag().Matches(indexHtml))
            if (!script.Value.Contains("://", StringComparison.Ordinal))
                scripts.AppendLine(script.Value);
        return (head.ToString(), scripts.ToString());
    }

    [GeneratedRegex(@"<link\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LinkTag();

    [GeneratedRegex(@"<script\b[^>]*\bsrc=""[^""]+""[^>]*>\s*</script>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
