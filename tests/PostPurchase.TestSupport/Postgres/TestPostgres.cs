using Npgsql;

namespace PostPurchase.TestSupport.Postgres;

/// <summary>A fresh, empty database on the PostgreSQL server that ./scripts/test.sh starts (POSTPURCHASE_TEST_POSTGRES).</summary>
public static class TestPostgres
{
    public static async Task<string> CreateDatabaseAsync(string prefix = "pp")
    {
        var server = Environment.GetEnvironmentVariable("POSTPURCHASE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("POSTPURCHASE_TEST_POSTGRES is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL.");
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }
}
