using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Persistence;
using PostPurchase.Persistence.Commerce;
using PostPurchase.Persistence.Privacy;
using PostPurchase.Persistence.Schema;
using PostPurchase.Persistence.Workflows;

/// <summary>
/// <c>--privacy</c>: how long a privacy export and an erasure of one customer take when the database holds N other
/// journeys (about 2 KB of state each). Finding journeys by email or phone reads every instance's state, so this is
/// the figure that grows. Cancelling journeys through the engine is not included (one engine write per journey).
/// </summary>
public static class PrivacyBench
{
    public static async Task RunAsync(IReadOnlyList<int> sizes, string? server)
    {
        Console.WriteLine($"Privacy requests, one customer among N journeys, {Environment.ProcessorCount} cores");
        Console.WriteLine("database   | journeys | export (found) | erasure | export after | DB bytes/journey");
        foreach (var size in sizes)
        foreach (var provider in server is null ? [DatabaseProvider.Sqlite] : new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql })
        {
            var connection = provider == DatabaseProvider.PostgreSql
                ? await BenchDatabase.CreateAsync(server!, "pp_bench_privacy")
                : $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("pp-bench-privacy-").FullName, "bench.db")}";
            var services = new ServiceCollection()
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
                .AddPostPurchasePersistence(provider, connection)
                .AddSingleton(new SuppressionHash(RandomNumberGenerator.GetBytes(32)))
                .AddSingleton<CustomerDataExport>()
                .AddSingleton<CustomerDataErasure>()
                .BuildServiceProvider();
            await using (services)
            {
                await services.GetRequiredService<SchemaInitializer>().InitializeAsync();
                var bytes = await SeedAsync(services, size, provider);
                var subject = PrivacySubject.TryCreate("target.customer@example.com", null, out _)!;
                var export = services.GetRequiredService<CustomerDataExport>();
                var watch = Stopwatch.StartNew();
                var before = await export.ExportAsync(subject);
                var exportMs = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                var counts = await services.GetRequiredService<CustomerDataErasure>().EraseAsync(subject);
                var eraseMs = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                var after = await export.ExportAsync(subject);
                var afterMs = watch.Elapsed.TotalMilliseconds;
                if (before["workflowInstances"]!.AsArray().Count != 2 || counts.WorkflowInstances != 2 || (bool)after["found"]!)
                    throw new InvalidOperationException("the target customer was not found and erased as seeded");
                Console.WriteLine($"{provider,-10} | {size,8} | {exportMs,9:F0} ms    | {eraseMs,5:F0} ms | {afterMs,9:F0} ms | {bytes}");
            }
        }
    }

    private static async Task<string> SeedAsync(IServiceProvider services, int size, DatabaseProvider provider)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<PostPurchaseDbContext>>();
        var padding = new string('x', 1400);
        for (var start = 0; start < size + 2; start += 1000)
        {
            await using var db = await contexts.CreateDbContextAsync();
            for (var n = start; n < Math.Min(start + 1000, size + 2); n++)
            {
                var target = n >= size; // the last two journeys are the customer's
                var email = target ? "target.customer@example.com" : $"customer{n}@example.com";
                var order = $"o{n}";
                var state = new JsonObject
                {
                    ["input"] = new JsonObject
                    {
                        ["purchase"] = new JsonObject
                        {
                            ["orderId"] = order, ["customer"] = new JsonObject { ["email"] = email, ["name"] = target ? "Target Customer" : $"Customer {n}", ["phone"] = $"+1500555{n % 10000:0000}" },
                            ["items"] = new JsonArray(new JsonObject { ["sku"] = "PHOTO-101", ["name"] = "Photography Masterclass", ["quantity"] = 1 }),
                        },
                    },
                    ["variables"] = new JsonObject { ["ReviewUrl"] = "https://shop.example.com/review/" + n },
                    ["properties"] = new JsonObject { ["notes"] = padding },
                };
                db.Add(new InstanceRow
                {
                    Id = $"i{n:D9}", DefinitionId = "post-purchase", DefinitionVersionId = "post-purchase:2", DefinitionVersion = 2, CorrelationId = order,
                    Status = 1, SubStatus = 3, CreatedAt = n, UpdatedAt = n, FinishedAt = n, State = state.ToJsonString(),
                });
                db.Add(new CustomerOrderRow { Provider = "generic", OrderId = order, Email = email, TotalMinor = 8900, Currency = "EUR", PurchasedAt = n });
            }

            await db.SaveChangesAsync();
        }

        if (provider != DatabaseProvider.PostgreSql) return "-";
        await using var sizeDb = await contexts.CreateDbContextAsync();
        var total = await sizeDb.Database.SqlQueryRaw<long>("SELECT pg_total_relation_size('workflow_instances') AS \"Value\"").SingleAsync();
        return $"{total / (size + 2):N0}";
    }
}
