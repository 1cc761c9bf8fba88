using Microsoft.EntityFrameworkCore;

namespace PostPurchase.Persistence.Security;

/// <summary>A Studio user as stored: name, password hash (Identity v3 format), role and whether it is disabled.</summary>
public sealed record StudioUserRecord(string Name, string? PasswordHash, string Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The <c>studio_users</c> table. Names compare as stored (the Studio keeps them lower-case).</summary>
public sealed class StudioUserStore(IDbContextFactory<PostPurchaseDbContext> contexts)
{
    public async Task<StudioUserRecord?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<StudioUserRow>().AsNoTracking().FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<IReadOnlyList<StudioUserRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<StudioUserRow>().AsNoTracking().OrderBy(u => u.Name).ToListAsync(cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>Adds the user, or replaces its hash and role and enables it when it exists.</summary>
    public async Task UpsertAsync(string name, string? passwordHash, string role, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<StudioUserRow>().FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (row is null)
        {
            db.Add(new StudioUserRow { Name = name, PasswordHash = passwordHash, Role = role, CreatedAt = UnixTime.Ms(now), UpdatedAt = UnixTime.Ms(now) });
        }
        else
        {
            row.PasswordHash = passwordHash ?? row.PasswordHash;
            row.Role = role;
            row.Disabled = false;
            row.UpdatedAt = UnixTime.Ms(now);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Changes role and/or disabled state; false when no such user.</summary>
    public async Task<bool> UpdateAsync(string name, string? role, bool? disabled, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<StudioUserRow>().FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (row is null) return false;
        if (role is not null) row.Role = role;
        if (disabled is not null) row.Disabled = disabled.Value;
        row.UpdatedAt = UnixTime.Ms(now);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static StudioUserRecord ToRecord(StudioUserRow row) =>
        new(row.Name, row.PasswordHash, row.Role, row.Disabled, UnixTime.At(row.CreatedAt), UnixTime.At(row.UpdatedAt));
}
