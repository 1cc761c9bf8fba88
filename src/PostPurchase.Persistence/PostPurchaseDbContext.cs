using Microsoft.EntityFrameworkCore;

namespace PostPurchase.Persistence;

/// <summary>
/// The one database of the server (SQLite or PostgreSQL). Each module's tables are configured by
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes in its folder; times are stored as Unix milliseconds so
/// both providers compare and order them natively.
/// </summary>
public sealed class PostPurchaseDbContext(DbContextOptions<PostPurchaseDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PostPurchaseDbContext).Assembly);
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Which database the server uses (settings <c>Database__Provider</c> and <c>ConnectionStrings__Default</c>).</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString);
