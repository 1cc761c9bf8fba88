namespace PostPurchase.Server.Auth;

/// <summary>The <c>Auth</c> settings section (see README, "Security").</summary>
public sealed class AuthOptions
{
    public string AdminUser { get; set; } = "admin";

    /// <summary>When empty, a generated password is stored (hashed) under the data directory and logged once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>The built-in administrator's own email address and E.164 phone number (for the simulator's "send me a test").</summary>
    public string? AdminEmail { get; set; }

    public string? AdminPhone { get; set; }

    /// <summary>
    /// Comma-separated keys accepted as <c>Authorization: ApiKey &lt;key&gt;</c>, each optionally followed by
    /// <c>:role</c> (<c>admin</c>, <c>editor</c> or <c>viewer</c>; <c>editor</c> when omitted).
    /// </summary>
    public string? ApiKeys { get; set; }

    /// <summary>Lifetime of the bearer token embedded in the Studio pages.</summary>
    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>How long a sign-in lasts without activity.</summary>
    public int SessionHours { get; set; } = 8;

    /// <summary>Base64 HMAC key for the Studio tokens; when empty one is generated and kept under the data directory.</summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>Users from configuration (<c>Auth__Users__0__Name</c>, <c>__Role</c>, <c>__PasswordHash</c>); read-only in the Studio.</summary>
    public List<ConfiguredUser> Users { get; set; } = [];

    public IReadOnlyList<string> ParsedApiKeys() => ParsedApiKeysWithRoles().Select(k => k.Key).ToList();

    /// <summary>The keys with their roles; a key ending in <c>:admin</c>, <c>:editor</c> or <c>:viewer</c> carries that role.</summary>
    public IReadOnlyList<(string Key, string Role)> ParsedApiKeysWithRoles() =>
        (ApiKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
        {
            var colon = entry.LastIndexOf(':');
            return colon > 0 && StudioRoles.Parse(entry[(colon + 1)..]) is { } role ? (entry[..colon], role) : (entry, StudioRoles.Editor);
        }).ToList();
}

/// <summary>A user given in configuration. <see cref="PasswordHash"/> is ASP.NET Core Identity's v3 format (<c>users hash</c> prints one).</summary>
public sealed class ConfiguredUser
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = StudioRoles.Viewer;
    public string? PasswordHash { get; set; }

    /// <summary>The user's own email address (<c>Auth__Users__N__Email</c>): where "send me a test" can send.</summary>
    public string? Email { get; set; }

    /// <summary>The user's own E.164 phone number (<c>Auth__Users__N__Phone</c>) for test SMS.</summary>
    public string? Phone { get; set; }
}
