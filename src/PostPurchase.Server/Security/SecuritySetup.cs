using Microsoft.AspNetCore.HttpOverrides;

namespace PostPurchase.Server.Security;

/// <summary>
/// Cross-cutting protections for every endpoint, present and future: forwarded headers from configured proxies only,
/// security headers on every response, and the failed-credential throttle.
/// </summary>
public static class SecuritySetup
{
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        var options = SecurityOptions.Read(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => new AuthFailureThrottle(TimeProvider.System)); // real time, never the accelerated workflow clock
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // ASP.NET Core trusts loopback by default; we trust exactly what is configured (nobody when nothing is).
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in options.KnownProxies) forwarded.KnownProxies.Add(proxy);
            foreach (var network in options.KnownNetworks) forwarded.KnownIPNetworks.Add(network);
            forwarded.ForwardLimit = null; // walk back through every trusted hop; stops at the first untrusted address
        });
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "postpurchase.antiforgery";
            antiforgery.Cookie.Path = "/studio";
            antiforgery.Cookie.SecurePolicy = options.PublicAddressIsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    /// <summary>Must run before any endpoint is mapped; authentication and authorization follow it.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        if (app.Services.GetRequiredService<SecurityOptions>().TrustsProxies) app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<ApiKeyThrottle>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<AuditRecorder>();
        return app;
    }
}
