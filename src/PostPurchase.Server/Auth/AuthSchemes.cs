namespace PostPurchase.Server.Auth;

/// <summary>Names of the authentication schemes and policies that guard the Studio pages and the Elsa API.</summary>
public static class AuthSchemes
{
    /// <summary>The signed-in marketer's cookie session (Studio host pages).</summary>
    public const string StudioCookie = "StudioCookie";

    /// <summary>The short-lived signed token the host pages give the Studio elements (<c>Authorization: Bearer …</c>).</summary>
    public const string StudioToken = "StudioToken";

    /// <summary>Automation keys from <c>Auth__ApiKeys</c> (<c>Authorization: ApiKey …</c>).</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>Single sign-on through OpenID Connect (<c>Auth__Oidc__*</c>), when configured; signs in to <see cref="StudioCookie"/>.</summary>
    public const string Sso = "Sso";

    public const string StudioPagesPolicy = "StudioPages";
    public const string ElsaApiPolicy = "ElsaApi";

    /// <summary>API key only (<c>/api/instances</c>, <c>/api/reviews</c>), with the key's role checked like everywhere else.</summary>
    public const string ApiKeyPolicy = "ApiKeyOnly";
}
