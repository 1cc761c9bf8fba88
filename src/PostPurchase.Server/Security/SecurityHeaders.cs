using System.Security.Cryptography;

namespace PostPurchase.Server.Security;

/// <summary>
/// The one place that writes browser security headers, on every response the server sends (pages, API, static files,
/// errors, and endpoints added later), just before the response starts:
/// <list type="bullet">
/// <item>a Content-Security-Policy: <c>script-src 'self' 'wasm-unsafe-eval' 'nonce-…'</c> (Blazor WebAssembly needs
/// <c>wasm-unsafe-eval</c> to compile .NET's runtime; our own inline scripts carry the per-request nonce from
/// <see cref="Nonce"/>), <c>connect-src 'self'</c>, <c>frame-ancestors 'none'</c>; <c>style-src</c> allows
/// <c>'unsafe-inline'</c> because Blazor and MudBlazor set <c>style</c> attributes at run time (no script runs from a style);
/// <c>worker-src blob:</c> because the Studio's Monaco editor starts its language workers from blob URLs it creates;</item>
/// <item>pages customers see (<see cref="UseCustomerPagePolicy"/>) get a stricter policy without any script, and a page
/// may ask for its own stricter one (<see cref="UsePolicy"/>);</item>
/// <item><c>X-Frame-Options: DENY</c>, <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy</c>, and
/// <c>Strict-Transport-Security</c> when the request or the public address (<c>PublicBaseUrl</c>) is https.</item>
/// </list>
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, SecurityOptions options)
{
    private const string NonceKey = "postpurchase.csp-nonce";
    private const string OwnPolicyKey = "postpurchase.csp-own-policy";
    private const string ScriptHashesKey = "postpurchase.csp-script-hashes";

    /// <summary>The policy for the Studio, sign-in, reports and everything else.</summary>
    /// <param name="scriptHashes">Extra <c>'sha256-…'</c> sources for known inline scripts (the Studio package's own).</param>
    public static string StudioPolicy(string nonce, IReadOnlyList<string>? scriptHashes = null) =>
        $"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'{(scriptHashes is { Count: > 0 } ? " " + string.Join(' ', scriptHashes) : "")}; " +
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Allows these exact inline scripts (CSP hash sources) on this response, e.g. those the Studio package renders.</summary>
    public static void AllowScriptHashes(HttpContext context, IReadOnlyList<string> hashSources) => context.Items[ScriptHashesKey] = hashSources;

    /// <summary>Review, unsubscribe and similar customer pages: no scripts at all, forms post back to us only.</summary>
    public const string CustomerPagePolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public const string HstsValue = "max-age=31536000; includeSubDomains";

    /// <summary>The nonce of this response's CSP; put it on every inline <c>&lt;script&gt;</c> the page writes.</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce) return nonce;
        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <summary>Marks this response as a customer page (script-free policy).</summary>
    public static void UseCustomerPagePolicy(HttpContext context) => context.Items[OwnPolicyKey] = CustomerPagePolicy;

    /// <summary>
    /// Gives this response a stricter policy of its own (e.g. the API docs page: <c>default-src 'none'</c>);
    /// <c>frame-ancestors 'none'</c> is added when missing. <c>Referrer-Policy</c> becomes <c>no-referrer</c>.
    /// </summary>
    public static void UsePolicy(HttpContext context, string policy) =>
        context.Items[OwnPolicyKey] = policy.Contains("frame-ancestors", StringComparison.Ordinal) ? policy : policy.TrimEnd(' ', ';') + "; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (http, hsts) = ((HttpContext, bool))state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = http.Items[OwnPolicyKey] as string
                ?? StudioPolicy(Nonce(http), http.Items[ScriptHashesKey] as IReadOnlyList<string>);
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = http.Items.ContainsKey(OwnPolicyKey) ? "no-referrer" : "strict-origin-when-cross-origin";
            if (hsts || http.Request.IsHttps) headers.StrictTransportSecurity = HstsValue;
            return Task.CompletedTask;
        }, (context, options.PublicAddressIsHttps));
        return next(context);
    }
}
