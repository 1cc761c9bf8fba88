using Microsoft.AspNetCore.Authentication;
using PostPurchase.Server.Auth;
using PostPurchase.Server.Security;

namespace PostPurchase.Server.Instances;

/// <summary>
/// Requires <c>Authorization: ApiKey &lt;key&gt;</c> with a key from <c>Auth__ApiKeys</c> whose role allows the request
/// (<see cref="RoleAccess"/>): 401 without a valid key, 403 for a key whose role is too low, 429 while throttled.
/// With no keys configured every request is refused: the automation API is never open.
/// </summary>
public sealed class ApiKeyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await http.AuthenticateAsync(AuthSchemes.ApiKey);
        if (!result.Succeeded)
        {
            if (ApiKeyHandler.RetryAfter(http) is { } wait)
            {
                ApiKeyThrottle.SetRetryAfter(http.Response, wait);
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }

            return Results.Unauthorized();
        }

        http.User = result.Principal;
        if (!StudioRoles.Allows(result.Principal, RoleAccess.RequiredFor(http))) return Results.StatusCode(StatusCodes.Status403Forbidden);
        return await next(context);
    }
}
