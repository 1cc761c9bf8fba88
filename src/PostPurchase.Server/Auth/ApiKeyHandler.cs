using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PostPurchase.Server.Security;

namespace PostPurchase.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: ApiKey &lt;key&gt;</c> against <c>Auth__ApiKeys</c> (constant-time comparison); the
/// principal carries the key's role. A wrong key counts against the client address in <see cref="AuthFailureThrottle"/>.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AuthOptions> auth, AuthFailureThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Prefix = "ApiKey ";
    private const string RetryAfterKey = "postpurchase.api-key-retry-after";
    private readonly (byte[] Hash, string Role)[] _keys = auth.Value.ParsedApiKeysWithRoles().Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.Key)), k.Role)).ToArray();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim()));
        var index = Array.FindIndex(_keys, k => CryptographicOperations.FixedTimeEquals(k.Hash, presented));
        if (index < 0)
        {
            var address = Context.Connection.RemoteIpAddress;
            var wait = throttle.RecordFailure(address);
            if (wait is not null) Context.Items[RetryAfterKey] = wait;
            Logger.LogWarning("API key refused from {RemoteIp}{Throttled}", address, wait is null ? "" : $"; address throttled for {wait.Value.TotalSeconds:F0} s");
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"api-key-{index + 1}"), new Claim(ClaimTypes.Role, _keys[index].Role)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RetryAfterKey] is TimeSpan wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ApiKeyThrottle.SetRetryAfter(Response, wait);
            return Task.CompletedTask;
        }

        if (Response.StatusCode == StatusCodes.Status429TooManyRequests) return Task.CompletedTask;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append("WWW-Authenticate", "ApiKey");
        return Task.CompletedTask;
    }

    /// <summary>The wait announced for this request's failed key, if it crossed the throttle's threshold.</summary>
    public static TimeSpan? RetryAfter(HttpContext context) => context.Items[RetryAfterKey] as TimeSpan?;
}
