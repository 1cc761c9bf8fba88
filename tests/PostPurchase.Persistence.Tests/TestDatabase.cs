using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PostPurchase.Persistence;
using PostPurchase.Persistence.Schema;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Tests.Support;

namespace PostPurchase.Persistence.Tests;

/// <summary>A fresh, empty database per test: a SQLite file in a temp folder, or a new database on the test PostgreSQL server.</summary>
public sealed class TestDatabase
{
    private TestDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var dir = Directory.CreateTempSubdirectory("pp-sqlite-");
            return new TestDatabase(provider, $"Data Source={Path.Combine(dir.FullName, "test.db")};Default Timeout=30");
        }

        var server = Environment.GetEnvironmentVariable("POSTPURCHASE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("POSTPURCHASE_TEST_POSTGRES is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL.");
        var name = "pp_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new TestDatabase(provider, new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 50 }.ConnectionString);
    }

    public void Register(IServiceCollection services) => services.AddPostPurchasePersistence(Provider, ConnectionString);

    public static async Task InitializeSchemaAsync(IServiceProvider services) =>
        await services.GetRequiredService<SchemaInitializer>().InitializeAsync();

    /// <summary>
    /// The engine on this database (schema initialised): a replica named <paramref name="workerId"/> (else the default),
    /// with <paramref name="extra"/> registrations after the persistence ones.
    /// </summary>
    public async Task<EngineHost> HostAsync(ManualClock clock, string? workerId = null, Action<IServiceCollection>? extra = null)
    {
        var host = new EngineHost(clock, services => { Register(services); extra?.Invoke(services); }, workerId);
        await InitializeSchemaAsync(host.Services);
        return host;
    }

    /// <summary>The persistence services (stores, schema initialised) on a fresh database of <paramref name="provider"/>; logging at Warning.</summary>
    public static async Task<ServiceProvider> StoresAsync(DatabaseProvider provider)
    {
        var db = await CreateAsync(provider);
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        db.Register(services);
        var provided = services.BuildServiceProvider();
        await InitializeSchemaAsync(provided);
        return provided;
    }
}
