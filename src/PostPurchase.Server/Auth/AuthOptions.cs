namespace PostPurchase.Server.Auth;

/// <summary>The <c>Auth</c> settings section (see docs/config-studio.md).</summary>
public sealed class AuthOptions
{
    public string AdminUser { get; set; } = "admin";

    /// <summary>When empty, a generated password is stored (hashed) under the data directory and logged once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Comma-separated keys accepted as <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    public string? ApiKeys { get; set; }

    /// <summary>Lifetime of the bearer token embedded in the Studio pages.</summary>
    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>How long a sign-in lasts without activity.</summary>
    public int SessionHours { get; set; } = 8;

    /// <summary>Base64 HMAC key for the Studio tokens; when empty one is generated and kept under the data directory.</summary>
    public string? TokenSigningKey { get; set; }

    public IReadOnlyList<string> ParsedApiKeys() =>
        (ApiKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
