using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PostPurchase.Persistence;
using PostPurchase.Persistence.Schema;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

/// <summary>
/// <c>--replicas</c>: due bookmarks resumed per second by 1, 2 and 3 workers (each its own engine, as separate replicas
/// would be) on one PostgreSQL, against PostgreSQL's own SKIP LOCKED claim rate with as many connections.
/// <c>--scale</c>: start-up time, query latency, database bytes and memory with 10k, 100k and 1M waiting journeys.
/// </summary>
public static class ScaleBench
{
    public static async Task ReplicasAsync(int count, string server)
    {
        Console.WriteLine($"Resume scaling: {count} due journeys per run, PostgreSQL, {Environment.ProcessorCount} cores");
        Console.WriteLine("replicas | journeys resumed/s | SKIP LOCKED claims/s (same connections, claim + delete, batches of 100)");
        for (var replicas = 1; replicas <= 3; replicas++)
        {
            var connectionString = await BenchDatabase.CreateAsync(server, "pp_bench_scale");
            var clock = new ManualClock();
            var engines = Enumerable.Range(0, replicas).Select(i => Engine(connectionString, clock, $"replica-{i}")).ToList();
            await engines[0].GetRequiredService<SchemaInitializer>().InitializeAsync();
            await engines[0].GetRequiredService<WorkflowDefinitionService>().ImportAsync(BenchWorkflow.Definition(), "bench");
            var runtime = engines[0].GetRequiredService<WorkflowRuntime>();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
                await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "bench", Input = new JsonObject { ["n"] = i }, CorrelationId = $"order-{i}" }, ct));

            clock.Advance(TimeSpan.FromDays(2));
            var watch = Stopwatch.StartNew();
            var resumed = (await Task.WhenAll(engines.Select(e => e.GetRequiredService<WorkflowWorker>().DrainAsync()))).Sum();
            var resumesPerSecond = resumed / watch.Elapsed.TotalSeconds;
            var claimsPerSecond = await SkipLockedClaimRateAsync(connectionString, count * 4, replicas);
            Console.WriteLine($"{replicas,8} | {resumesPerSecond,18:F0} | {claimsPerSecond,10:F0}");
            foreach (var engine in engines) await engine.DisposeAsync();
        }
    }

    public static async Task ScaleAsync(IReadOnlyList<int> sizes, string server)
    {
        var connectionString = await BenchDatabase.CreateAsync(server, "pp_bench_scale");
        var clock = new ManualClock();
        await using var engine = Engine(connectionString, clock, "scale");
        await engine.GetRequiredService<SchemaInitializer>().InitializeAsync();
        await engine.GetRequiredService<WorkflowDefinitionService>().ImportAsync(BenchWorkflow.Definition(), "bench");
        var template = await engine.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest { DefinitionId = "bench", Input = new JsonObject { ["n"] = 0 }, CorrelationId = "order-template" });

        Console.WriteLine($"Cost as work grows: waiting journeys (copies of a real one), PostgreSQL, {Environment.ProcessorCount} cores");
        Console.WriteLine("waiting   | start-up | get by id p50/p99 | by correlation p50/p99 | list page p50/p99 | claim (none due) p50/p99 | DB bytes/journey | managed heap");
        var existing = 1;
        foreach (var size in sizes)
        {
            await CopyAsync(connectionString, template.Id, existing, size);
            existing = size;
            var random = new Random(size);
            string Some() => $"syn-{random.Next(1, size)}";

            var startup = Stopwatch.StartNew();
            await using (var fresh = Engine(connectionString, clock, "fresh"))
            {
                await fresh.GetRequiredService<SchemaInitializer>().InitializeAsync();
                await fresh.GetRequiredService<WorkflowDefinitionService>().ImportAsync(BenchWorkflow.Definition(), "bench");
                await fresh.GetRequiredService<WorkflowWorker>().RunOnceAsync();
            }

            var startupMs = startup.Elapsed.TotalMilliseconds;
            var instances = engine.GetRequiredService<IWorkflowInstanceStore>();
            var bookmarks = engine.GetRequiredService<IBookmarkQueue>();
            var byId = await TimeAsync(() => instances.FindAsync(Some()));
            var byCorrelation = await TimeAsync(() => instances.FindActiveIdsByCorrelationAsync("syn-order-" + random.Next(1, size)));
            var page = await TimeAsync(() => instances.ListAsync(new InstanceQuery { DefinitionIds = ["bench"], PageSize = 50 }));
            var claim = await TimeAsync(() => bookmarks.ClaimDueAsync(clock.GetUtcNow(), "scale", DateTimeOffset.UtcNow.AddSeconds(30), 100));
            var bytes = await ScalarAsync(connectionString,
                "SELECT pg_total_relation_size('workflow_instances') + pg_total_relation_size('bookmarks') + pg_total_relation_size('journal')");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Console.WriteLine($"{size,9:N0} | {startupMs,6:F0} ms | {byId.P50,6:F2} / {byId.P99,5:F2} ms | {byCorrelation.P50,9:F2} / {byCorrelation.P99,5:F2} ms | " +
                $"{page.P50,6:F2} / {page.P99,5:F2} ms | {claim.P50,10:F2} / {claim.P99,5:F2} ms | {bytes / size,16:F0} | {GC.GetTotalMemory(true) / 1_048_576.0,7:F0} MB");
        }
    }

    /// <summary>Fills the tables up to <paramref name="to"/> journeys by copying the template's rows in SQL (fast).</summary>
    private static async Task CopyAsync(string connectionString, string templateId, int from, int to)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        async Task CopyTableAsync(string table, string key, Func<string, string?> value)
        {
            var columns = new List<string>();
            await using (var read = new NpgsqlCommand($"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' AND is_identity = 'NO' ORDER BY ordinal_position", connection))
            await using (var reader = await read.ExecuteReaderAsync())
                while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
            var select = string.Join(", ", columns.Select(c => value(c) ?? $"t.\"{c}\""));
            var sql = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) SELECT {select} FROM {table} t, generate_series({from + 1}, {to}) g WHERE t.\"{key}\" = '{templateId}'";
            await using var insert = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
            await insert.ExecuteNonQueryAsync();
        }

        await CopyTableAsync("workflow_instances", "Id", c => c switch { "Id" => "'syn-' || g", "CorrelationId" => "'syn-order-' || g", _ => null });
        await CopyTableAsync("bookmarks", "InstanceId", c => c switch { "Id" => "'bm-syn-' || g", "InstanceId" => "'syn-' || g", "CorrelationId" => "'syn-order-' || g", _ => null });
        await CopyTableAsync("journal", "InstanceId", c => c switch { "Id" => "md5(t.\"Id\" || g)", "InstanceId" => "'syn-' || g", _ => null });
        await using var analyze = new NpgsqlCommand("ANALYZE", connection) { CommandTimeout = 3600 };
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<double> SkipLockedClaimRateAsync(string connectionString, int rows, int connections)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var fill = new NpgsqlCommand(
                $"CREATE TABLE claim_bench (id bigserial PRIMARY KEY, due bigint NOT NULL, owner text); INSERT INTO claim_bench (due) SELECT 0 FROM generate_series(1, {rows})", connection);
            await fill.ExecuteNonQueryAsync();
        }

        var claimed = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            while (true)
            {
                var ids = new List<long>();
                await using (var claim = new NpgsqlCommand(
                    "UPDATE claim_bench SET owner = @o WHERE id IN (SELECT id FROM claim_bench WHERE owner IS NULL AND due <= 1 ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED) RETURNING id", connection))
                {
                    claim.Parameters.AddWithValue("o", $"w{worker}");
                    await using var reader = await claim.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
                }

                if (ids.Count == 0) break;
                await using (var delete = new NpgsqlCommand("DELETE FROM claim_bench WHERE id = ANY(@ids)", connection))
                {
                    delete.Parameters.AddWithValue("ids", ids.ToArray());
                    await delete.ExecuteNonQueryAsync();
                }

                Interlocked.Add(ref claimed, ids.Count);
            }
        }));
        return claimed / watch.Elapsed.TotalSeconds;
    }

    private static async Task<(double P50, double P99)> TimeAsync<T>(Func<Task<T>> query)
    {
        for (var i = 0; i < 20; i++) await query();
        var samples = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return (samples[99], samples[197]);
    }

    private static ServiceProvider Engine(string connectionString, ManualClock clock, string workerId) => new ServiceCollection()
        .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
        .AddSingleton<TimeProvider>(clock)
        .AddWorkflowEngine()
        .AddPostPurchasePersistence(DatabaseProvider.PostgreSql, connectionString)
        .Configure<WorkflowWorkerOptions>(o => { o.Enabled = false; o.BatchSize = 100; o.Parallelism = 8; o.WorkerId = workerId; })
        .BuildServiceProvider();

    private static async Task<double> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToDouble(await command.ExecuteScalarAsync());
    }
}
