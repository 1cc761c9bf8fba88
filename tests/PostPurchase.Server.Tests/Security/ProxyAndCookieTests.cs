using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Server.Security;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Clock;

namespace PostPurchase.Server.Tests.Security;

/// <summary>Forwarded headers only from configured proxies; the session cookie is Secure whenever the site is https.</summary>
public sealed class ProxyAndCookieTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Stranger = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task Behind_a_configured_proxy_the_cookie_is_secure_and_throttling_keys_on_the_forwarded_client()
    {
        var clock = new ManualClock();
        await using var host = new StudioTestHost(kestrel: true,
            settings: new Dictionary<string, string?> { ["Server:KnownProxies"] = Proxy.ToString() },
            services: s => s.AddSingleton(new AuthFailureThrottle(clock)));

        var viaProxy = Forwarded(host.ClientFrom(Proxy), "203.0.113.7");
        var signIn = await host.SignInAsync(viaProxy);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(IsSecure(SessionCookie(signIn)));

        // X-Forwarded-Proto from an address that is not a configured proxy is ignored.
        var spoofed = await host.SignInAsync(Forwarded(host.ClientFrom(Stranger), "203.0.113.8"));
        Assert.Equal(HttpStatusCode.Redirect, spoofed.StatusCode);
        Assert.False(IsSecure(SessionCookie(spoofed)));

        // Failures count against the forwarded client, not the proxy: another client behind the same proxy signs in.
        var guesser = Forwarded(host.ClientFrom(Proxy), "198.51.100.9");
        for (var i = 0; i < AuthFailureThrottle.FreeFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.SignInAsync(guesser, password: "nope")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.SignInAsync(guesser, password: "nope")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await host.SignInAsync(Forwarded(host.ClientFrom(Proxy), "198.51.100.10"))).StatusCode);
        Assert.Contains(host.Logs, l => l.Contains("from 198.51.100.9"));
    }

    [Fact]
    public async Task Without_configured_proxies_forwarded_headers_are_ignored_and_an_https_public_address_makes_the_cookie_secure()
    {
        await using (var plain = new StudioTestHost(kestrel: true))
        {
            // Loopback is not trusted by default either: only configured proxies are.
            var response = await plain.SignInAsync(Forwarded(plain.ClientFrom(IPAddress.Loopback), "203.0.113.7"));
            Assert.False(IsSecure(SessionCookie(response)));
        }

        await using var https = new StudioTestHost(kestrel: true, settings: new Dictionary<string, string?> { ["PublicBaseUrl"] = "https://shop.example.com" });
        var signIn = await https.SignInAsync(https.Client());
        Assert.True(IsSecure(SessionCookie(signIn)));
    }

    private static HttpClient Forwarded(HttpClient client, string clientAddress)
    {
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return client;
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Skip(1).Any(attribute => attribute.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    private static string SessionCookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("postpurchase.studio=", StringComparison.Ordinal));
}
