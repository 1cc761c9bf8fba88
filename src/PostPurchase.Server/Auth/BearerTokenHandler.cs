using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PostPurchase.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> with a token issued by <see cref="AccessTokens"/>. The user
/// is looked up on every request, so a disabled user's tokens stop working at once and a new role applies at once.
/// </summary>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokens tokens, StudioUsers users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var name = tokens.Validate(header[Prefix.Length..].Trim());
        if (name is null) return AuthenticateResult.Fail("Invalid or expired token.");
        var user = await users.FindActiveAsync(name, Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("The token's user is disabled or removed.");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Response.StatusCode == StatusCodes.Status429TooManyRequests || ApiKeyHandler.RetryAfter(Context) is not null) return Task.CompletedTask;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append("WWW-Authenticate", "Bearer");
        return Task.CompletedTask;
    }
}
