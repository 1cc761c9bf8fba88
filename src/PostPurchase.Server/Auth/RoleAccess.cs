using Microsoft.AspNetCore.Authorization;

namespace PostPurchase.Server.Auth;

/// <summary>Endpoint metadata naming the least role an endpoint needs, overriding the method-based default.</summary>
public sealed record RequiredRole(string Role);

/// <summary>
/// Which role a request needs: the endpoint's <see cref="RequiredRole"/> when it has one; otherwise <c>viewer</c> for
/// reads (GET, HEAD, OPTIONS) and <c>editor</c> for every other method. New endpoints are therefore write-protected
/// by default; a POST that only reads (a query with a body) opts in with <see cref="AllowViewers{TBuilder}"/>.
/// </summary>
public static class RoleAccess
{
    public static TBuilder AllowViewers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRole(StudioRoles.Viewer));

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRole(role));

    public static string RequiredFor(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetOrderedMetadata<RequiredRole>() is { Count: > 0 } declared) return declared[^1].Role;
        return HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            ? StudioRoles.Viewer
            : StudioRoles.Editor;
    }
}

/// <summary>Authorization requirement: the signed-in principal's role allows <see cref="RoleAccess.RequiredFor"/> this request.</summary>
public sealed class RoleRequirement : AuthorizationHandler<RoleRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var required = http is null ? StudioRoles.Admin : RoleAccess.RequiredFor(http);
        if (StudioRoles.Allows(context.User, required)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
