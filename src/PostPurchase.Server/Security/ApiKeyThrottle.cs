using System.Globalization;

namespace PostPurchase.Server.Security;

/// <summary>
/// Refuses <c>Authorization: ApiKey …</c> with 429 and <c>Retry-After</c> while the client address is locked by
/// <see cref="AuthFailureThrottle"/> (failures are recorded where keys are checked, in <c>ApiKeyHandler</c>).
/// </summary>
public sealed class ApiKeyThrottle(RequestDelegate next, AuthFailureThrottle throttle)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase)
            && throttle.RetryAfter(context.Connection.RemoteIpAddress) is { } wait)
            return TooManyAttempts(context.Response, wait);
        return next(context);
    }

    /// <summary>429 with <c>Retry-After</c> in whole seconds (rounded up).</summary>
    public static Task TooManyAttempts(HttpResponse response, TimeSpan wait)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        SetRetryAfter(response, wait);
        return response.WriteAsJsonAsync(new { error = "Too many failed attempts from this address; retry later." });
    }

    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
