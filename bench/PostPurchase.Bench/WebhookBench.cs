using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PostPurchase.Server.Hosting;
using PostPurchase.TestSupport.Smtp;

/// <summary>
/// <c>--webhooks</c>: the real server in-process on PostgreSQL and a loopback SMTP sink. Measures verified,
/// de-duplicated purchase webhooks through HTTP (latency one at a time, throughput 8 at a time) against PostgreSQL's own
/// single-row INSERT commit rate in the same run, and the latency from webhook to the confirmation email accepted by SMTP.
/// </summary>
public static class WebhookBench
{
    private const string Secret = SignedPurchases.Secret;

    public static async Task RunAsync(int count, string? postgres)
    {
        if (postgres is null)
        {
            Console.WriteLine("webhooks: skipped (pass --postgres or set POSTPURCHASE_TEST_POSTGRES)");
            return;
        }

        var connectionString = await BenchDatabase.CreateAsync(postgres, "pp_bench_web");
        await using var smtp = new LoopbackSmtpServer();
        await using var app = await StartServerAsync(connectionString, smtp);
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var sentAt = new ConcurrentDictionary<string, DateTimeOffset>();

        for (var i = 0; i < 50; i++) await SendAsync(http, $"warm-{i}", sentAt); // JIT and connection pools

        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            await SendAsync(http, $"seq-{i}", sentAt);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        var concurrent = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await SendAsync(http, $"par-{i}", sentAt));
        var ingestPerSecond = count / concurrent.Elapsed.TotalSeconds;

        var emailLatencies = await EmailLatenciesAsync(connectionString, sentAt, TimeSpan.FromMinutes(3));

        // The same at a steady 20 purchases per second, once the burst above has drained.
        var steady = new ConcurrentDictionary<string, DateTimeOffset>();
        for (var i = 0; i < Math.Min(200, count); i++)
        {
            await SendAsync(http, $"steady-{i}", steady);
            await Task.Delay(50);
        }

        var steadyLatencies = await EmailLatenciesAsync(connectionString, steady, TimeSpan.FromMinutes(1));
        var (insertSequential, insertConcurrent) = await InsertRatesAsync(connectionString, count);

        Console.WriteLine($"Webhook benchmark: {count} webhooks per phase, PostgreSQL, {Environment.ProcessorCount} cores");
        Console.WriteLine($"webhook latency (one at a time)      p50 {P(latencies, 50):F1} ms, p95 {P(latencies, 95):F1} ms, p99 {P(latencies, 99):F1} ms");
        Console.WriteLine($"webhooks accepted, 8 at a time       {ingestPerSecond:F0}/s");
        Console.WriteLine($"PostgreSQL single-row INSERT commits {insertSequential:F0}/s one connection, {insertConcurrent:F0}/s over 8 connections");
        Console.WriteLine($"ingest / INSERT ratio (8 at a time)  {ingestPerSecond / insertConcurrent:P0}");
        Console.WriteLine($"webhook → confirmation accepted by SMTP ({emailLatencies.Count} emails, under load)  p50 {P(emailLatencies, 50):F0} ms, p95 {P(emailLatencies, 95):F0} ms, p99 {P(emailLatencies, 99):F0} ms");
        Console.WriteLine($"webhook → confirmation accepted by SMTP ({steadyLatencies.Count} emails, 20 purchases/s)  p50 {P(steadyLatencies, 50):F0} ms, p95 {P(steadyLatencies, 95):F0} ms, p99 {P(steadyLatencies, 99):F0} ms");
        await app.StopAsync();
    }

    private static async Task<WebApplication> StartServerAsync(string connectionString, LoopbackSmtpServer smtp)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:Default"] = connectionString,
            ["Data:Directory"] = Directory.CreateTempSubdirectory("pp-bench-web-").FullName,
            ["Smtp:Host"] = smtp.Host, ["Smtp:Port"] = smtp.Port.ToString(), ["Webhooks:Secret"] = Secret,
            ["Store:LegalName"] = "Bench Shop Ltd", ["Store:PostalAddress"] = "1 Bench Street, Benchville",
            ["Auth:AdminPassword"] = "bench-password", ["Urls"] = "http://127.0.0.1:0",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddPostPurchase();
        var app = builder.Build();
        app.MapPostPurchase();
        await app.StartAsync();
        return app;
    }

    private static async Task SendAsync(HttpClient http, string orderId, ConcurrentDictionary<string, DateTimeOffset> sentAt)
    {
        using var request = SignedPurchases.Create(orderId);
        sentAt[orderId] = DateTimeOffset.UtcNow;
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>From each webhook's send time to its confirmation's send record completing (the SMTP server said 250).</summary>
    private static async Task<List<double>> EmailLatenciesAsync(string connectionString, ConcurrentDictionary<string, DateTimeOffset> sentAt, TimeSpan timeout)
    {
        const string sql = """
            SELECT i."CorrelationId", s."CompletedAt" FROM send_records s JOIN workflow_instances i ON s."WorkflowInstanceId" = i."Id"
            WHERE s."Status" = 1 AND s."IdempotencyKey" LIKE '%:confirmation:%'
            """;
        var watch = Stopwatch.StartNew();
        var latencies = new List<double>();
        while (watch.Elapsed < timeout)
        {
            latencies.Clear();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                if (sentAt.TryGetValue(reader.GetString(0), out var at) && !reader.IsDBNull(1))
                    latencies.Add((DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)) - at).TotalMilliseconds);
            if (latencies.Count >= sentAt.Count) break;
            await Task.Delay(500);
        }

        return latencies;
    }

    private static async Task<(double Sequential, double Concurrent)> InsertRatesAsync(string connectionString, int count)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE bench_insert (id bigserial PRIMARY KEY, payload text NOT NULL)", connection);
            await create.ExecuteNonQueryAsync();
        }

        async Task InsertAsync(int rows)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            for (var i = 0; i < rows; i++)
            {
                await using var insert = new NpgsqlCommand("INSERT INTO bench_insert (payload) VALUES (@p)", connection);
                insert.Parameters.AddWithValue("p", "event " + i);
                await insert.ExecuteNonQueryAsync();
            }
        }

        var sequential = Stopwatch.StartNew();
        await InsertAsync(count);
        var sequentialRate = count / sequential.Elapsed.TotalSeconds;
        var concurrent = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => InsertAsync(count / 8)));
        return (sequentialRate, count / 8 * 8 / concurrent.Elapsed.TotalSeconds);
    }

    private static double P(List<double> values, int percentile)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
