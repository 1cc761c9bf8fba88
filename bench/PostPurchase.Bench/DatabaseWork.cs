using System.Globalization;
using Npgsql;

/// <summary>
/// What PostgreSQL did for a run, per order: statements (round trips; BEGIN and COMMIT count as one each), committed
/// transactions and WAL flushes (fsyncs), read from <c>pg_stat_statements</c>, <c>pg_stat_database</c> and
/// <c>pg_stat_wal</c>. These do not depend on how busy the processor is, so they compare runs on a shared machine.
/// Statement counts need the cluster started with <c>shared_preload_libraries=pg_stat_statements</c> (the durable
/// cluster of <c>scripts/postgres.sh</c> is); without it only transactions and flushes are shown.
/// </summary>
public sealed class DatabaseWork
{
    private readonly string _connectionString;
    private bool _statements;
    private long _commits;
    private long _walSyncs;

    private DatabaseWork(string connectionString) => _connectionString = connectionString;

    /// <summary>Resets the statement statistics and remembers the counters: call just before the measured phase.</summary>
    public static async Task<DatabaseWork> StartAsync(string connectionString)
    {
        var work = new DatabaseWork(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        try
        {
            await Execute(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await Execute(connection, "SELECT pg_stat_statements_reset()");
            work._statements = true;
        }
        catch (PostgresException)
        {
            // Not preloaded: transactions and WAL flushes only.
        }

        (work._commits, work._walSyncs) = await CountersAsync(connection);
        return work;
    }

    /// <summary>Prints per-order figures and the statements that ran most often.</summary>
    public async Task PrintAsync(int orders, int top = 40)
    {
        await Task.Delay(TimeSpan.FromSeconds(1)); // closing backends report their counters as they exit
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var (commits, walSyncs) = await CountersAsync(connection);
        var perOrder = (double)Math.Max(orders, 1);
        Console.WriteLine($"database per order                {(commits - _commits) / perOrder:F1} commits, {(walSyncs - _walSyncs) / perOrder:F1} WAL flushes");
        if (!_statements) return;

        await using var command = new NpgsqlCommand(
            """
            SELECT calls, total_exec_time, regexp_replace(query, '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY calls DESC
            """, connection);
        var rows = new List<(long Calls, double Ms, string Query)>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                rows.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetString(2)));
        // The bench's own statements (this reader, the reset) are a handful in total: negligible per order.
        var calls = rows.Sum(r => r.Calls);
        Console.WriteLine($"database statements per order     {calls / perOrder:F1} ({rows.Sum(r => r.Ms) / perOrder:F2} ms executing in PostgreSQL)");
        foreach (var row in rows.Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {row.Calls / perOrder,6:F2}/order {row.Ms / Math.Max(row.Calls, 1),7:F3} ms  {Shorten(row.Query)}"));
    }

    private static string Shorten(string query) => query.Length <= 110 ? query : query[..107] + "...";

    private static async Task<(long Commits, long WalSyncs)> CountersAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), (SELECT wal_sync FROM pg_stat_wal)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
