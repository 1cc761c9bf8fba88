using System.Net;

namespace PostPurchase.Server.Studio;

/// <summary>The Studio sign-in form (plain HTML, no Studio assets).</summary>
public static class LoginPage
{
    /// <param name="sso">Offer "Sign in with SSO" (single sign-on is configured).</param>
    public static string Render(string returnUrl, bool failed, TimeSpan? retryAfter = null, bool sso = false) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1.0"/>
            <title>Sign in · PostPurchase Studio</title>
            <style>
                body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f3f4f6; margin: 0; }
                form { max-width: 320px; margin: 12vh auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
                h1 { font-size: 1.25rem; margin-top: 0; }
                label { display: block; margin: 1rem 0 .25rem; font-size: .9rem; }
                input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
                button { margin-top: 1.5rem; width: 100%; padding: .6rem; font-size: 1rem; background: #1f2937; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
                .error { color: #b91c1c; font-size: .9rem; }
                a.sso { display: block; margin-top: 1rem; text-align: center; padding: .6rem; border: 1px solid #1f2937; border-radius: 4px; color: #1f2937; text-decoration: none; }
            </style>
        </head>
        <body>
        <form method="post" action="/studio/login">
            <h1>PostPurchase Studio</h1>
            {{(retryAfter is { } wait ? $"<p class=\"error\" role=\"alert\">Too many failed sign-ins from this address. Try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} minute(s).</p>"
                : failed ? "<p class=\"error\" role=\"alert\">Wrong user name or password.</p>" : "")}}
            <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}"/>
            <label for="username">User</label>
            <input id="username" name="username" autocomplete="username" required autofocus/>
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required/>
            <button type="submit">Sign in</button>
            {{(sso ? $"<p><a class=\"sso\" href=\"/studio/login/sso?returnUrl={Uri.EscapeDataString(returnUrl)}\">Sign in with SSO</a></p>" : "")}}
        </form>
        </body>
        </html>
        """;

    /// <summary>Only local Studio paths are followed after sign-in (no open redirect).</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith("/studio", StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\')
            ? returnUrl
            : "/studio/";
}
