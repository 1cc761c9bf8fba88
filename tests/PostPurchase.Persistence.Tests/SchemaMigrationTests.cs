using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Persistence;
using PostPurchase.Persistence.Schema;

namespace PostPurchase.Persistence.Tests;

/// <summary>An older database upgraded by the hand-written migrations ends with exactly the schema a new one gets.</summary>
public sealed class SchemaMigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_version_1_database_is_migrated_to_the_model_schema(DatabaseProvider provider)
    {
        var fresh = await SchemaOfNewDatabaseAsync(provider);

        var db = await TestDatabase.CreateAsync(provider);
        await using var services = Services(db);
        var contexts = services.GetRequiredService<IDbContextFactory<PostPurchaseDbContext>>();
        await TestDatabase.InitializeSchemaAsync(services);
        await using (var context = await contexts.CreateDbContextAsync())
        {
            // Roll the database back to version 1: drop what later migrations add.
            foreach (var drop in new[] { "inbox_events", "customer_orders", "send_records", "consent_changes", "review_requests", "reviews", "journey_events", "tracked_links", "studio_users", "audit_entries", "trigger_schedules" }.Select(t => "DROP TABLE " + t))
                await context.Database.ExecuteSqlRawAsync(drop);
            foreach (var drop in new[] { "IX_workflow_instances_CreatedAt_Id", "IX_workflow_instances_DefinitionId_CreatedAt_Id", "IX_work_items_CreatedAt" }.Select(i => $"DROP INDEX \"{i}\""))
                await context.Database.ExecuteSqlRawAsync(drop);
            await context.Database.ExecuteSqlRawAsync(
                "CREATE INDEX \"IX_workflow_instances_DefinitionId_CreatedAt\" ON workflow_instances (\"DefinitionId\", \"CreatedAt\")");
            await context.Database.ExecuteSqlRawAsync("UPDATE schema_version SET version = 1");
        }

        await TestDatabase.InitializeSchemaAsync(services);

        Assert.Equal(fresh, await ColumnsAsync(contexts, provider));
        await using var check = await contexts.CreateDbContextAsync();
        Assert.Equal(SchemaInitializer.LatestVersion, await VersionAsync(check));
    }

    [Fact]
    public void Every_migration_has_both_dialects_and_versions_follow_on()
    {
        var versions = SchemaInitializer.Migrations.Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(2, versions.Count), versions);
        Assert.All(SchemaInitializer.Migrations, m =>
        {
            Assert.Matches("CREATE|ALTER", m.Sqlite);
            Assert.Matches("CREATE|ALTER", m.PostgreSql);
        });
    }

    private static ServiceProvider Services(TestDatabase db)
    {
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        db.Register(services);
        return services.BuildServiceProvider();
    }

    private static async Task<List<string>> SchemaOfNewDatabaseAsync(DatabaseProvider provider)
    {
        await using var services = Services(await TestDatabase.CreateAsync(provider));
        await TestDatabase.InitializeSchemaAsync(services);
        return await ColumnsAsync(services.GetRequiredService<IDbContextFactory<PostPurchaseDbContext>>(), provider);
    }

    /// <summary>Every table.column with its type and nullability, and every index name, sorted.</summary>
    private static async Task<List<string>> ColumnsAsync(IDbContextFactory<PostPurchaseDbContext> contexts, DatabaseProvider provider)
    {
        var sql = provider == DatabaseProvider.PostgreSql
            ? """
              SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = current_schema()
              UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = current_schema()
              """
            : """
              SELECT m.name || '.' || p.name || ' ' || p.type || ' ' || p."notnull" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
              UNION ALL SELECT 'index ' || name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'
              """;
        await using var db = await contexts.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static async Task<int> VersionAsync(PostPurchaseDbContext db)
    {
        DbConnection connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
