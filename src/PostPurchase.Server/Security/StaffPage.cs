using System.Net;

namespace PostPurchase.Server.Security;

/// <summary>The frame of the server-rendered staff pages (users, audit trail): plain HTML, no scripts, every value encoded.</summary>
internal static class StaffPage
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#111827;background:#f9fafb}
        main{padding:1rem 1.5rem;max-width:70rem}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
        th,td{border-bottom:1px solid #e5e7eb;padding:.4rem .6rem;text-align:left;vertical-align:top}
        form.inline{display:inline}
        fieldset{border:1px solid #d1d5db;background:#fff;padding:1rem;margin:1rem 0}
        label{margin-right:.75rem} input,select,button{font:inherit;padding:.25rem .4rem}
        .error{color:#b91c1c;font-weight:600} .ok{color:#047857}
        """;

    public static IResult Render(string title, string bodyHtml, int statusCode = 200) =>
        Results.Content(Document(title, $"<h1>{Encode(title)}</h1>\n{bodyHtml}", extraStyle: Style), "text/html; charset=utf-8", statusCode: statusCode);

    /// <summary>
    /// A whole Studio page: the shared top bar (<paramref name="navCurrent"/> marks the current link), then
    /// <paramref name="mainHtml"/>; <paramref name="headHtml"/> adds the page's own stylesheet or script links.
    /// </summary>
    public static string Document(string title, string mainHtml, string extraStyle = "", string headHtml = "", string? navCurrent = null, string? user = null) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{Encode(title)} · PostPurchase Studio</title>
        <style>{Studio.StudioNav.Style}{extraStyle}</style>
        {headHtml}
        </head>
        <body>
        {Studio.StudioNav.Html(navCurrent, user)}
        <main>
        {mainHtml}
        </main>
        </body>
        </html>
        """;

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
