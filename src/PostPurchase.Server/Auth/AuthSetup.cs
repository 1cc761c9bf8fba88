using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using PostPurchase.Server.Hosting;

namespace PostPurchase.Server.Auth;

/// <summary>
/// Sign-in for the Studio pages (cookie), and bearer-token or API-key authentication for <c>/elsa/api</c>.
/// No fallback policy: only endpoints that ask for a policy are guarded (webhooks authenticate by signature).
/// </summary>
public static class AuthSetup
{
    public static WebApplicationBuilder AddStudioAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AuthOptions>(builder.Configuration.GetSection("Auth"));
        services.AddSingleton<SecretFiles>();
        services.AddSingleton<AdminCredentials>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<StudioUsers>();

        // Cookie protection keys live in the data directory so sign-ins survive restarts and are shared by replicas using it.
        var dataDirectory = ServerSettings.Read(builder.Configuration, builder.Environment.ContentRootPath).DataDirectory;
        services.AddDataProtection()
            .SetApplicationName("PostPurchase")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        var sessionHours = Math.Max(1, builder.Configuration.GetValue("Auth:SessionHours", 8));
        var authentication = services.AddAuthentication();
        authentication
            .AddCookie(AuthSchemes.StudioCookie, options =>
            {
                options.Cookie.Name = "postpurchase.studio";
                options.Cookie.Path = "/studio";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the request is https (after X-Forwarded-Proto from a configured proxy) or the public address is.
                options.Cookie.SecurePolicy = Security.SecurityOptions.Read(builder.Configuration).PublicAddressIsHttps
                    ? CookieSecurePolicy.Always
                    : CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/studio/login";
                options.LogoutPath = "/studio/logout";
                options.ReturnUrlParameter = "returnUrl";
                options.ExpireTimeSpan = TimeSpan.FromHours(sessionHours);
                options.SlidingExpiration = true;
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                options.Events.OnValidatePrincipal = RefreshRoleAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(AuthSchemes.StudioToken, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(AuthSchemes.ApiKey, null);
        if (OidcSettings.Read(builder.Configuration) is { } oidc)
            authentication.AddSingleSignOn(oidc, Security.SecurityOptions.Read(builder.Configuration).PublicAddressIsHttps);
        // Sessions, tickets and token lifetimes run on real time: the registered TimeProvider is the workflow clock,
        // which Clock__Speed accelerates (an 8-hour session would end in a third of a second at 86400×).
        services.ConfigureAll<CookieAuthenticationOptions>(o => o.TimeProvider = TimeProvider.System);
        services.ConfigureAll<AuthenticationSchemeOptions>(o => o.TimeProvider = TimeProvider.System);
        services.ConfigureAll<OpenIdConnectOptions>(o => o.TimeProvider = TimeProvider.System);

        // Every policy checks the role the request needs (RoleAccess): reads for viewers, writes for editors, admin pages for admins.
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthSchemes.StudioPagesPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.StudioCookie).RequireAuthenticatedUser().AddRequirements(new RoleRequirement()))
            .AddPolicy(AuthSchemes.ElsaApiPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.StudioToken, AuthSchemes.ApiKey).RequireAuthenticatedUser().AddRequirements(new RoleRequirement()))
            .AddPolicy(AuthSchemes.ApiKeyPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.ApiKey).RequireAuthenticatedUser().AddRequirements(new RoleRequirement()));
        return builder;
    }

    /// <summary>Re-reads the signed-in user on each request: disabled users are signed out, a changed role applies at once.</summary>
    private static async Task RefreshRoleAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var user = name is null ? null : await context.HttpContext.RequestServices.GetRequiredService<StudioUsers>().FindActiveAsync(name, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthSchemes.StudioCookie);
            return;
        }

        if (context.Principal!.FindFirstValue(ClaimTypes.Role) != user.Role)
        {
            context.ReplacePrincipal(Principal(user, AuthSchemes.StudioCookie));
            context.ShouldRenew = true;
        }
    }

    /// <summary>The principal for a Studio user: name and role claims.</summary>
    public static ClaimsPrincipal Principal(StudioUser user, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], scheme));
}
