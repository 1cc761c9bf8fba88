using System.Net;

namespace PostPurchase.Server.Messaging;

/// <summary>The small, self-contained HTML pages customers see (no scripts, no external assets, readable on a phone).</summary>
internal static class HtmlPage
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1.5rem;background:#f6f6f4;color:#1d1d1b;line-height:1.5}
        main{max-width:32rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 4px rgba(0,0,0,.08)}
        h1{font-size:1.4rem;margin-top:0}
        button{font-size:1.1rem;padding:.75rem 1.5rem;border:0;border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer;min-height:44px}
        button:focus-visible,input:focus-visible+label,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
        fieldset{border:0;padding:0;margin:0 0 1rem}
        legend{font-weight:600;margin-bottom:.5rem}
        .scale{display:flex;flex-wrap:wrap;gap:.35rem}
        .scale input{position:absolute;opacity:0;width:1px;height:1px}
        .scale label{display:inline-flex;align-items:center;justify-content:center;min-width:44px;min-height:44px;border:2px solid #cbd5e1;border-radius:8px;font-size:1.2rem;cursor:pointer}
        .scale input:checked+label{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
        .stars label{font-size:1.6rem}
        .ends{display:flex;justify-content:space-between;font-size:.85rem;color:#555}
        textarea{width:100%;box-sizing:border-box;min-height:6rem;font:inherit;padding:.5rem;border:2px solid #cbd5e1;border-radius:8px}
        .error{color:#b91c1c;font-weight:600}
        """;

    public static IResult Render(string title, string bodyHtml, int statusCode = 200) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{Encode(title)}</title>
        <style>{Style}</style>
        </head>
        <body><main>
        <h1>{Encode(title)}</h1>
        {bodyHtml}
        </main></body>
        </html>
        """, "text/html; charset=utf-8", statusCode: statusCode);

    public static IResult Error(string title, string message, int statusCode = 400) =>
        Render(title, $"<p class=\"error\" role=\"alert\">{Encode(message)}</p>", statusCode);

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>No framing, no scripts, forms post back to us only (headers written by <see cref="Security.SecurityHeaders"/>); not cached.</summary>
    public static void Secure(HttpContext http)
    {
        Security.SecurityHeaders.UseCustomerPagePolicy(http);
        http.Response.Headers.CacheControl = "no-store";
    }
}
