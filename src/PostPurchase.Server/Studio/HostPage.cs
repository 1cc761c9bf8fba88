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
                    {{StudioNav.Style}}
                    html, body { height: 100%; margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
                    body { display: flex; flex-direction: column; }
                    .pp-main { flex: 1; min-height: 0; overflow: auto; position: relative; }
                    .pp-main > * { display: block; height: 100%; }
                </style>
            </head>
            <body>
            {{StudioNav.Html(user: user)}}
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
                // The Simulator link opens the journey being edited, read from this page's URL (again when followed: the
                // Studio may have moved on within the page).
                var simulator = document.getElementById('pp-nav-simulator');
                function openJourney() {
                    var open = /\/(?:workflows\/)?definitions\/([^\/]+)/.exec(window.location.pathname);
                    simulator.href = open ? '/studio/simulator?definitionId=' + open[1] : '/studio/simulator';
                }
                openJourney();
                simulator.addEventListener('click', openJourney);
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
