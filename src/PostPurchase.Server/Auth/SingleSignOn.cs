using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using PostPurchase.Persistence.Security;

namespace PostPurchase.Server.Auth;

/// <summary>
/// OpenID Connect sign-in for the Studio (<see cref="OidcSettings"/>), with ASP.NET Core's OpenIdConnect handler:
/// authorization code flow with PKCE, the provider's discovery document and keys, the id_token's issuer, audience,
/// lifetime, signature and nonce checked by the handler. <c>GET /studio/login/sso?returnUrl=…</c> starts it; the
/// provider returns to <see cref="OidcSettings.CallbackPath"/>. The person's role comes from their role claim; each
/// sign-in (and each refusal) is recorded in the audit trail.
/// </summary>
public static class SingleSignOn
{
    public const string StartPath = "/studio/login/sso";

    public static AuthenticationBuilder AddSingleSignOn(this AuthenticationBuilder builder, OidcSettings settings, bool publicAddressIsHttps)
    {
        builder.Services.AddSingleton(settings);
        return builder.AddOpenIdConnect(AuthSchemes.Sso, options =>
        {
            options.Authority = settings.Authority.ToString().TrimEnd('/');
            options.RequireHttpsMetadata = settings.Authority.Scheme == "https";
            options.ClientId = settings.ClientId;
            options.ClientSecret = settings.ClientSecret;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            // The answer comes back as a top-level GET (query), so the correlation cookies can be SameSite=Lax and work over http on loopback too.
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.CallbackPath = OidcSettings.CallbackPath;
            options.SignInScheme = AuthSchemes.StudioCookie;
            options.MapInboundClaims = false; // claim names as the provider sends them ("roles", "preferred_username")
            options.SaveTokens = false;
            options.Scope.Clear();
            foreach (var scope in settings.Scopes) options.Scope.Add(scope);
            foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = publicAddressIsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            }

            options.Events.OnTokenValidated = TokenValidatedAsync;
            options.Events.OnTicketReceived = TicketReceivedAsync;
            options.Events.OnRemoteFailure = RemoteFailureAsync;
        });
    }

    public static IEndpointRouteBuilder MapSingleSignOn(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<OidcSettings>() is null) return app;
        app.MapGet(StartPath, (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = Studio.LoginPage.SafeReturnUrl(returnUrl) }, [AuthSchemes.Sso]))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Whether the login page offers single sign-on.</summary>
    public static bool IsEnabled(IServiceProvider services) => services.GetService<OidcSettings>() is not null;

    /// <summary>Maps the provider's claims to a Studio user and role, or refuses the sign-in.</summary>
    private static async Task TokenValidatedAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var settings = services.GetRequiredService<OidcSettings>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn));
        var claims = context.Principal!;
        var name = new[] { settings.NameClaim, "preferred_username", "email", "sub" }.Select(type => claims.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var role = settings.RoleFor(claims.FindAll(settings.RoleClaim).Select(c => c.Value));
        var now = TimeProvider.System.GetUtcNow();
        var trail = services.GetRequiredService<AuditTrail>();
        if (name is null || role is null)
        {
            logger.LogWarning("Single sign-on refused for {User}: no Studio role in claim {Claim}", name ?? "(no name)", settings.RoleClaim);
            await trail.RecordAsync(now, StudioUsers.SsoPrefix + (name ?? "unknown"), "user.sso-refused", "studio", null, $"no role in claim '{settings.RoleClaim}'", CancellationToken.None);
            context.Fail($"Your account has no Studio role (claim '{settings.RoleClaim}').");
            return;
        }

        var user = await services.GetRequiredService<StudioUsers>().SignInExternalAsync(name, role, now, context.HttpContext.RequestAborted);
        if (user is null)
        {
            logger.LogWarning("Single sign-on refused for {User}: disabled on the users page", name);
            await trail.RecordAsync(now, StudioUsers.SsoPrefix + name, "user.sso-refused", "studio", null, "disabled", CancellationToken.None);
            context.Fail("Your Studio account is disabled.");
            return;
        }

        context.Principal = AuthSetup.Principal(user, AuthSchemes.StudioCookie);
        await trail.RecordAsync(now, user.Name, "user.sso-sign-in", "studio", null, "role " + user.Role, CancellationToken.None);
        logger.LogInformation("Studio sign-in through SSO: {User} as {Role}", user.Name, user.Role);
    }

    /// <summary>
    /// Signs in and answers with a page that moves on to the Studio itself: the sign-in cookie is SameSite=Strict, which a
    /// browser withholds on a redirect chain that began at the provider, so the next request must start from our page.
    /// </summary>
    private static async Task TicketReceivedAsync(TicketReceivedContext context)
    {
        await context.HttpContext.SignInAsync(AuthSchemes.StudioCookie, context.Principal!, context.Properties);
        var target = WebUtility.HtmlEncode(Studio.LoginPage.SafeReturnUrl(context.ReturnUri));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={target}"><title>Signed in</title></head>
            <body><p>Signed in. <a href="{target}">Continue to the Studio</a>.</p></body></html>
            """);
        context.HandleResponse();
    }

    private static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        var reason = context.Failure?.Message is { } message && (message.StartsWith("Your ", StringComparison.Ordinal)) ? message : "The identity provider's answer could not be accepted.";
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn))
            .LogWarning("Single sign-on failed: {Reason}", context.Failure?.Message);
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign-in refused</title></head>
            <body><h1>Sign-in refused</h1><p>{WebUtility.HtmlEncode(reason)}</p><p><a href="/studio/login">Back to sign-in</a></p></body></html>
            """);
        context.HandleResponse();
    }
}
