using System.Net;
using System.Text.RegularExpressions;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.Security;

/// <summary>Every kind of response carries the security headers, written by the one middleware.</summary>
public sealed class SecurityHeaderTests
{
    [Fact]
    public async Task Every_page_kind_and_endpoint_carries_the_security_headers()
    {
        await using var host = new StudioTestHost();
        await host.ImportSampleAsync("greeting");
        var anonymous = host.Client();
        var staff = host.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await host.SignInAsync(staff)).StatusCode);

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["login"] = await anonymous.GetAsync("/studio/login"),
            ["studio host page"] = await staff.GetAsync("/studio/definitions/greeting"),
            ["reports page"] = await staff.GetAsync("/studio/reports"),
            ["users page"] = await staff.GetAsync("/studio/users"),
            ["audit page"] = await staff.GetAsync("/studio/audit"),
            ["privacy page"] = await staff.GetAsync("/studio/privacy"),
            ["privacy export download"] = await staff.GetAsync("/studio/privacy/export?email=nobody%40example.com"),
            ["review page"] = await anonymous.GetAsync("/review/not-a-token"),
            ["unsubscribe page"] = await anonymous.GetAsync("/unsubscribe/not-a-token"),
            ["api json"] = await host.ApiClient().GetAsync("/elsa/api/workflow-definitions"),
            ["api 401"] = await anonymous.GetAsync("/elsa/api/workflow-definitions"),
            ["static file"] = await anonymous.GetAsync("/studio/_framework/blazor.webassembly.js"),
            ["api docs page"] = await anonymous.GetAsync("/api-docs"),
            ["openapi document"] = await anonymous.GetAsync("/openapi/v1.json"),
            ["not found"] = await anonymous.GetAsync("/no/such/path"),
            ["health"] = await anonymous.GetAsync("/health"),
        };

        foreach (var (kind, response) in responses)
        {
            var csp = Header(response, "Content-Security-Policy");
            Assert.True(csp is not null, $"{kind}: no Content-Security-Policy");
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("*", csp);
            Assert.DoesNotContain("'unsafe-eval'", csp);
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.NotNull(Header(response, "Referrer-Policy"));
            Assert.Null(Header(response, "Strict-Transport-Security")); // public address is http here
        }

        Assert.Equal(HttpStatusCode.OK, responses["static file"].StatusCode);
        Assert.Equal(HttpStatusCode.OK, responses["api docs page"].StatusCode);
        Assert.StartsWith("default-src 'none'", Header(responses["api docs page"], "Content-Security-Policy")); // its own stricter policy
        Assert.Equal(HttpStatusCode.OK, responses["studio host page"].StatusCode);

        // The host page's one inline script carries this response's nonce; the policy allows WebAssembly, not eval.
        var hostCsp = Header(responses["studio host page"], "Content-Security-Policy")!;
        var nonce = Regex.Match(hostCsp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-", hostCsp);
        Assert.Contains("connect-src 'self'", hostCsp);
        var html = await responses["studio host page"].Content.ReadAsStringAsync();
        var inline = Regex.Matches(html, "<script(?![^>]*\\bsrc=)([^>]*)>");
        Assert.NotEmpty(inline);
        Assert.All(inline, m => Assert.Contains($"nonce=\"{nonce}\"", m.Groups[1].Value));
        // A second response gets a different nonce.
        var again = Header(await staff.GetAsync("/studio/definitions/greeting"), "Content-Security-Policy")!;
        Assert.NotEqual(nonce, Regex.Match(again, "'nonce-([^']+)'").Groups[1].Value);

        // Customer pages allow no script at all.
        foreach (var kind in new[] { "review page", "unsubscribe page" })
        {
            Assert.StartsWith("default-src 'none'", Header(responses[kind], "Content-Security-Policy"));
            Assert.DoesNotContain("script-src", Header(responses[kind], "Content-Security-Policy"));
        }
    }

    [Fact]
    public async Task Hsts_is_sent_when_the_public_address_is_https()
    {
        await using var host = new StudioTestHost(settings: new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://shop.example.com" });
        var response = await host.Client().GetAsync("/studio/login");
        Assert.Equal("max-age=31536000; includeSubDomains", Header(response, "Strict-Transport-Security"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}
