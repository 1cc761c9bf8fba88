namespace PostPurchase.Server.Auth;

/// <summary>
/// Optional single sign-on through OpenID Connect (<c>Auth__Oidc__*</c>); off unless <c>Authority</c> is set. A person
/// signs in at the identity provider (authorization code flow with PKCE) and gets the Studio role their
/// <see cref="RoleClaim"/> values map to — through <see cref="RoleMap"/>, or by convention when a value is itself
/// <c>admin</c>, <c>editor</c> or <c>viewer</c>; the highest wins, and someone with none is refused.
/// </summary>
public sealed record OidcSettings(
    Uri Authority, string ClientId, string? ClientSecret, string RoleClaim, IReadOnlyDictionary<string, string> RoleMap,
    string NameClaim, IReadOnlyList<string> Scopes)
{
    /// <summary>Where the provider sends people back (register it at the provider as {PublicBaseUrl}/studio/signin-oidc).</summary>
    public const string CallbackPath = "/studio/signin-oidc";

    /// <summary>The settings, null when SSO is not configured; a half or malformed configuration throws, naming the setting.</summary>
    public static OidcSettings? Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Auth:Oidc");
        var authorityText = section["Authority"];
        var clientId = section["ClientId"];
        if (string.IsNullOrWhiteSpace(authorityText))
        {
            if (!string.IsNullOrWhiteSpace(clientId))
                throw new InvalidOperationException("Setting 'Auth__Oidc__ClientId' is set but 'Auth__Oidc__Authority' is not: give the identity provider's issuer URL, or remove both.");
            return null;
        }

        if (!Uri.TryCreate(authorityText.Trim(), UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            throw new InvalidOperationException($"Setting 'Auth__Oidc__Authority' is '{authorityText}'; use the provider's issuer URL, e.g. https://login.example.com/realms/shop.");
        if (authority.Scheme == "http" && !authority.IsLoopback)
            throw new InvalidOperationException("Setting 'Auth__Oidc__Authority' must be https (plain http is accepted only for a provider on loopback).");
        if (string.IsNullOrWhiteSpace(clientId))
            throw new InvalidOperationException("Setting 'Auth__Oidc__ClientId' is required when 'Auth__Oidc__Authority' is set.");

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (section["RoleMap"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.LastIndexOf('=');
            var role = equals > 0 ? StudioRoles.Parse(entry[(equals + 1)..]) : null;
            if (role is null)
                throw new InvalidOperationException($"Setting 'Auth__Oidc__RoleMap' has '{entry}'; write claimValue=role pairs separated by commas, role admin, editor or viewer (e.g. pp-admins=admin,marketing=editor).");
            map[entry[..equals].Trim()] = role;
        }

        var scopes = (section["Scopes"] is { Length: > 0 } s ? s : "openid profile email")
            .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (!scopes.Contains("openid")) scopes.Insert(0, "openid");
        return new OidcSettings(authority, clientId.Trim(), string.IsNullOrWhiteSpace(section["ClientSecret"]) ? null : section["ClientSecret"],
            section["RoleClaim"] is { Length: > 0 } claim ? claim.Trim() : "roles", map,
            section["NameClaim"] is { Length: > 0 } name ? name.Trim() : "preferred_username", scopes);
    }

    /// <summary>The highest Studio role the claim values give (mapped, else by convention), or null when none does.</summary>
    public string? RoleFor(IEnumerable<string> claimValues)
    {
        string? best = null;
        foreach (var value in claimValues)
        {
            var role = RoleMap.TryGetValue(value.Trim(), out var mapped) ? mapped : StudioRoles.Parse(value);
            if (role is not null && (best is null || StudioRoles.Allows(role, best))) best = role;
        }

        return best;
    }
}
