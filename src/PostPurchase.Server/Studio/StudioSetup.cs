using Microsoft.AspNetCore.Authentication;
using PostPurchase.Server.Auth;
using PostPurchase.Server.Security;

namespace PostPurchase.Server.Studio;

/// <summary>Elsa Studio at /studio: sign-in, our host pages around the custom elements, and the npm package's files.</summary>
public static class StudioSetup
{
    public static WebApplicationBuilder AddStudio(this WebApplicationBuilder builder)
    {
        builder.AddStudioAuth();
        builder.Services.AddSingleton(StudioPackage.Locate(builder.Configuration, builder.Environment.ContentRootPath));
        builder.Services.AddSingleton<HostPage>();
        builder.AddSimulator();
        return builder;
    }

    public static IEndpointRouteBuilder MapStudio(this IEndpointRouteBuilder app)
    {
        var package = app.ServiceProvider.GetRequiredService<StudioPackage>();
        app.ServiceProvider.GetRequiredService<AdminCredentials>(); // at start-up, so a generated password is logged now
        app.ServiceProvider.GetRequiredService<AccessTokens>();
        if (!package.IsInstalled)
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StudioSetup))
                .LogWarning("Elsa Studio package not found (run npm ci in src/PostPurchase.Server/Studio or set Studio__PackageDirectory); /studio shows a notice");

        app.MapGet("/studio/login", (string? returnUrl, HttpContext http) => Html(LoginPage.Render(LoginPage.SafeReturnUrl(returnUrl), failed: false, sso: SingleSignOn.IsEnabled(http.RequestServices))));
        app.MapPost("/studio/login", SignInAsync).DisableAntiforgery();
        app.MapPost("/studio/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(AuthSchemes.StudioCookie);
            return Results.Redirect("/studio/login");
        }).DisableAntiforgery();

        var pages = app.MapGroup("/studio").RequireAuthorization(AuthSchemes.StudioPagesPolicy);
        pages.MapGet("/", (HttpContext c) => Page(c, StudioPages.DefinitionList()));
        pages.MapGet("/definitions/{definitionId}", (HttpContext c, string definitionId) => Page(c, StudioPages.Editor(definitionId)));
        pages.MapGet("/workflows/definitions/{definitionId}/edit", (HttpContext c, string definitionId) => Page(c, StudioPages.Editor(definitionId)));
        pages.MapGet("/workflows/instances", (HttpContext c) => Page(c, StudioPages.InstanceList()));
        pages.MapGet("/workflows/instances/{instanceId}/view", (HttpContext c, string instanceId) => Page(c, StudioPages.InstanceViewer(instanceId)));

        app.MapSimulator();

        // The package's files are the public npm package; they carry no data, so they need no sign-in.
        app.MapGet("/studio/{**path}", (HttpContext context, string? path) => package.Serve(context, path ?? ""));
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, StudioUsers users, AuthFailureThrottle throttle, ILoggerFactory loggers)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LoginPage.SafeReturnUrl(form["returnUrl"]);
        var name = StudioUsers.Normalize(form["username"].ToString());
        var address = context.Connection.RemoteIpAddress;
        var logger = loggers.CreateLogger(typeof(StudioSetup));
        if (throttle.RetryAfter(address, name) is { } locked)
        {
            logger.LogWarning("Studio sign-in for {User} from {RemoteIp} refused: throttled for {Seconds:F0} s more", name, address, locked.TotalSeconds);
            return Throttled(context, returnUrl, locked);
        }

        var user = await users.VerifyAsync(name, form["password"], context.RequestAborted);
        if (user is null)
        {
            var wait = throttle.RecordFailure(address, name);
            logger.LogWarning("Studio sign-in failed for {User} from {RemoteIp}{Throttled}", name, address, wait is null ? "" : $"; throttled for {wait.Value.TotalSeconds:F0} s");
            return wait is null ? Html(LoginPage.Render(returnUrl, failed: true, sso: SingleSignOn.IsEnabled(context.RequestServices)), StatusCodes.Status401Unauthorized) : Throttled(context, returnUrl, wait.Value);
        }

        throttle.RecordSuccess(address, name);
        await context.SignInAsync(AuthSchemes.StudioCookie, AuthSetup.Principal(user, AuthSchemes.StudioCookie));
        return Results.Redirect(returnUrl);
    }

    private static IResult Throttled(HttpContext context, string returnUrl, TimeSpan wait)
    {
        ApiKeyThrottle.SetRetryAfter(context.Response, wait);
        return Html(LoginPage.Render(returnUrl, failed: true, retryAfter: wait), StatusCodes.Status429TooManyRequests);
    }

    private static IResult Page(HttpContext context, HostPage.Element element)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<StudioPackage>().IsInstalled)
            return Html("<!DOCTYPE html><title>Studio not installed</title><p>The Elsa Studio package is not installed: run <code>npm ci</code> in <code>src/PostPurchase.Server/Studio</code> (the build does this when npm is available) or set <code>Studio__PackageDirectory</code>.</p>", StatusCodes.Status503ServiceUnavailable);

        var user = context.User.Identity?.Name ?? "";
        var token = services.GetRequiredService<AccessTokens>().Issue(user);
        var remoteEndpoint = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/elsa/api";
        context.Response.Headers.CacheControl = "no-store";
        SecurityHeaders.AllowScriptHashes(context, StudioInlineScripts.HashSources(services.GetRequiredService<StudioPackage>().Directory));
        return Html(services.GetRequiredService<HostPage>().Render(element, remoteEndpoint, token, user, SecurityHeaders.Nonce(context)));
    }

    private static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
