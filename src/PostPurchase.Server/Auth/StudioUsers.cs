using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PostPurchase.Persistence.Security;

namespace PostPurchase.Server.Auth;

/// <summary>A signed-in Studio user: name and role; <see cref="Source"/> says where the account is defined.</summary>
public sealed record StudioUser(string Name, string Role, string Source, bool Disabled = false);

/// <summary>
/// Every Studio account: the built-in administrator (<c>Auth__AdminUser</c>, see <see cref="AdminCredentials"/>), users
/// from configuration (<c>Auth__Users__N__*</c>) and users kept in the database (added on the users page or with
/// <c>users add</c>). Passwords are hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.
/// Names are case-insensitive and kept lower-case.
/// </summary>
public sealed class StudioUsers(AdminCredentials admin, StudioUserStore store, IOptions<AuthOptions> options)
{
    public const string BuiltIn = "built-in";
    public const string Configuration = "configuration";
    public const string Database = "database";
    public const string SingleSignOn = "single sign-on";

    /// <summary>Names of people who signed in through SSO start with this, so they never collide with local accounts.</summary>
    public const string SsoPrefix = "sso:";

    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Nobody = new();

    // Verifying a hash for an unknown name keeps the answer time the same as for a known one.
    private static readonly string DummyHash = Hasher.HashPassword(Nobody, "no such user");

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    /// <summary>The active user with that name and password, or null (unknown, disabled or wrong password).</summary>
    public async Task<StudioUser?> VerifyAsync(string? name, string? password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password)) return null;
        if (admin.Verify(name, password)) return new StudioUser(Normalize(admin.User), StudioRoles.Admin, BuiltIn);
        var hash = await FindHashAsync(Normalize(name), cancellationToken);
        var stored = hash?.Hash;
        var ok = Hasher.VerifyHashedPassword(Nobody, stored ?? DummyHash, password) != PasswordVerificationResult.Failed;
        return ok && stored is not null && hash?.User is { Disabled: false } user ? user : null;
    }

    /// <summary>The user as of now (role changes and disabling apply to sessions already signed in); null when gone or disabled.</summary>
    public async Task<StudioUser?> FindActiveAsync(string name, CancellationToken cancellationToken = default)
    {
        name = Normalize(name);
        if (name == Normalize(admin.User)) return new StudioUser(name, StudioRoles.Admin, BuiltIn);
        var found = await FindHashAsync(name, cancellationToken);
        return found?.User is { Disabled: false } user ? user : null;
    }

    public async Task<IReadOnlyList<StudioUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        var users = new List<StudioUser> { new(Normalize(admin.User), StudioRoles.Admin, BuiltIn) };
        users.AddRange(Configured().Select(c => c.User));
        var taken = users.Select(u => u.Name).ToHashSet();
        users.AddRange((await store.ListAsync(cancellationToken)).Where(r => !taken.Contains(r.Name)).Select(ToUser));
        return users;
    }

    /// <summary>Adds a database user or resets its password and role. Throws <see cref="ArgumentException"/> for bad input.</summary>
    public async Task AddAsync(string name, string password, string role, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        name = ValidName(name);
        if (name.StartsWith(SsoPrefix, StringComparison.Ordinal)) throw new ArgumentException($"Names starting with '{SsoPrefix}' are for single sign-on.", nameof(name));
        if (password.Length < 12) throw new ArgumentException("The password must have at least 12 characters.", nameof(password));
        var parsed = StudioRoles.Parse(role) ?? throw new ArgumentException($"Unknown role '{role}'; use admin, editor or viewer.", nameof(role));
        await store.UpsertAsync(name, Hash(password), parsed, now, cancellationToken);
    }

    /// <summary>
    /// Records a single sign-on: the person becomes (or stays) the database user <c>sso:{name}</c> with the role the
    /// identity provider gave, so sessions and tokens are checked like every other user's and an admin can disable
    /// them on the users page. Null when an admin disabled them.
    /// </summary>
    public async Task<StudioUser?> SignInExternalAsync(string name, string role, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var clean = new string(Normalize(name).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '-').ToArray());
        var full = SsoPrefix + clean[..Math.Min(60, clean.Length)];
        var row = await store.FindAsync(full, cancellationToken);
        if (row is { Disabled: true }) return null;
        if (row is null) await store.UpsertAsync(full, null, role, now, cancellationToken);
        else if (row.Role != role) await store.UpdateAsync(full, role, null, now, cancellationToken);
        return new StudioUser(full, role, SingleSignOn);
    }

    /// <summary>Changes a database user's role or disabled state. Throws <see cref="ArgumentException"/> for bad input.</summary>
    public async Task UpdateAsync(string name, string? role, bool? disabled, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        name = ValidName(name);
        var parsed = role is null ? null : StudioRoles.Parse(role) ?? throw new ArgumentException($"Unknown role '{role}'; use admin, editor or viewer.", nameof(role));
        if (!await store.UpdateAsync(name, parsed, disabled, now, cancellationToken))
            throw new ArgumentException($"No user '{name}' on the users page (the built-in administrator and configured users are changed in the settings).", nameof(name));
    }

    private string ValidName(string name)
    {
        name = Normalize(name ?? "");
        var local = name.StartsWith(SsoPrefix, StringComparison.Ordinal) ? name[SsoPrefix.Length..] : name;
        if (local.Length is 0 or > 64 || !local.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            throw new ArgumentException("A user name is 1–64 characters: letters, digits, '.', '-', '_' or '@'.", nameof(name));
        if (name == Normalize(admin.User) || Configured().Any(c => c.User.Name == name))
            throw new ArgumentException($"'{name}' is defined in the settings; change it there.", nameof(name));
        return name;
    }

    private async Task<(StudioUser User, string? Hash)?> FindHashAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var configured in Configured())
            if (configured.User.Name == name) return configured;
        var row = await store.FindAsync(name, cancellationToken);
        return row is null ? null : (ToUser(row), row.PasswordHash);
    }

    private IEnumerable<(StudioUser User, string? Hash)> Configured() =>
        options.Value.Users.Where(u => !string.IsNullOrWhiteSpace(u.Name)).Select(u =>
            (new StudioUser(Normalize(u.Name), StudioRoles.Parse(u.Role) ?? throw new InvalidOperationException($"Setting 'Auth__Users' gives user '{u.Name}' the unknown role '{u.Role}'; use admin, editor or viewer."), Configuration), u.PasswordHash));

    private static StudioUser ToUser(StudioUserRecord row) =>
        new(row.Name, StudioRoles.Parse(row.Role) ?? StudioRoles.Viewer, row.Name.StartsWith(SsoPrefix, StringComparison.Ordinal) ? SingleSignOn : Database, row.Disabled);
}
