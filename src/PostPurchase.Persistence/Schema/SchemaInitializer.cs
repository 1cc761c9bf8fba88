using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace PostPurchase.Persistence.Schema;

/// <summary>
/// Creates or upgrades the schema at start-up. Migrations are versioned and applied in order inside one transaction;
/// on PostgreSQL an advisory lock makes replicas that start together take turns. Version 1 is the model as first
/// shipped. Later versions are hand-written SQL files in Schema/Migrations (<c>NNNN-name.sqlite.sql</c> and
/// <c>NNNN-name.postgresql.sql</c>, embedded). A new database is created from the EF model, which already holds every
/// migration, and stamped with the latest version; an older database gets the missing migrations in order.
/// </summary>
public sealed class SchemaInitializer(IDbContextFactory<PostPurchaseDbContext> contexts, DatabaseSettings database, ILogger<SchemaInitializer> logger)
{
    private const long AdvisoryLockKey = 7_270_715_001;

    public static IReadOnlyList<SchemaMigration> Migrations { get; } = SchemaMigration.LoadEmbedded();

    public static int LatestVersion => Migrations.Count == 0 ? 1 : Migrations.Max(m => m.Version);

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.PostgreSql)
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        else
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
            if (current == 0)
            {
                await ExecuteAsync(connection, transaction, db.Database.GenerateCreateScript(), cancellationToken);
                await ExecuteAsync(connection, transaction, "CREATE TABLE schema_version (version INTEGER NOT NULL)", cancellationToken);
                await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({LatestVersion})", cancellationToken);
                current = LatestVersion;
                logger.LogInformation("Created the database schema (version {Version}) on {Provider}", current, database.Provider);
            }

            foreach (var migration in Migrations.Where(m => m.Version > current))
            {
                await ExecuteAsync(connection, transaction, migration.SqlFor(database.Provider), cancellationToken);
                await ExecuteAsync(connection, transaction, $"UPDATE schema_version SET version = {migration.Version}", cancellationToken);
                logger.LogInformation("Migrated the database schema to version {Version} ({Name})", migration.Version, migration.Name);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (database.Provider == DatabaseProvider.PostgreSql)
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var exists = database.Provider == DatabaseProvider.PostgreSql
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
        if (Convert.ToInt64(await ScalarAsync(connection, transaction, exists, cancellationToken)) == 0) return 0;
        return Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT version FROM schema_version", cancellationToken));
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
