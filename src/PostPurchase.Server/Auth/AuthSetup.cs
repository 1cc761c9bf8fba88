using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
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

        // Cookie protection keys live in the data directory so sign-ins survive restarts and are shared by replicas using it.
        var dataDirectory = ServerSettings.Read(builder.Configuration, builder.Environment.ContentRootPath).DataDirectory;
        services.AddDataProtection()
            .SetApplicationName("PostPurchase")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        var sessionHours = Math.Max(1, builder.Configuration.GetValue("Auth:SessionHours", 8));
        services.AddAuthentication()
            .AddCookie(AuthSchemes.StudioCookie, options =>
            {
                options.Cookie.Name = "postpurchase.studio";
                options.Cookie.Path = "/studio";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/studio/login";
                options.LogoutPath = "/studio/logout";
                options.ReturnUrlParameter = "returnUrl";
                options.ExpireTimeSpan = TimeSpan.FromHours(sessionHours);
                options.SlidingExpiration = true;
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(AuthSchemes.StudioToken, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(AuthSchemes.ApiKey, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthSchemes.StudioPagesPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.StudioCookie).RequireAuthenticatedUser())
            .AddPolicy(AuthSchemes.ElsaApiPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.StudioToken, AuthSchemes.ApiKey).RequireAuthenticatedUser());
        return builder;
    }
}
