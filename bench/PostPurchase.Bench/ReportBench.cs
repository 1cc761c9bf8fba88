using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Engagement;
using PostPurchase.Engagement.Reports;
using PostPurchase.Persistence;
using PostPurchase.Persistence.Schema;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Reporting;

/// <summary>
/// <c>--report</c>: how long the journey report takes for a month of journeys on PostgreSQL. Each journey has its
/// customer, a split assignment and an offer email; a third click it, a tenth of those buy again within a week.
/// </summary>
public static class ReportBench
{
    private const string DefinitionId = "bench";
    private static readonly DateTimeOffset MonthStart = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(IReadOnlyList<int> sizes, string server)
    {
        Console.WriteLine($"Journey report on PostgreSQL, one month, {Environment.ProcessorCount} cores");
        Console.WriteLine("journeys | facts | repurchases | report first / median of 5");
        foreach (var size in sizes)
        {
            await using var services = new ServiceCollection()
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
                .AddSingleton(TimeProvider.System)
                .AddWorkflowEngine()
                .AddEngagementCore()
                .AddPostPurchasePersistence(DatabaseProvider.PostgreSql, await BenchDatabase.CreateAsync(server, "pp_bench_report"))
                .BuildServiceProvider();
            await services.GetRequiredService<SchemaInitializer>().InitializeAsync();
            await services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(BenchWorkflow.Definition(), "bench");
            var (facts, repurchases) = await SeedAsync(services, size);

            var builder = services.GetRequiredService<JourneyReportBuilder>();
            var timings = new List<double>();
            for (var run = 0; run < 5; run++)
            {
                var watch = Stopwatch.StartNew();
                var report = await builder.BuildAsync(DefinitionId, MonthStart, MonthStart.AddMonths(1));
                timings.Add(watch.Elapsed.TotalMilliseconds);
                if (report!.JourneysStarted != size) throw new InvalidOperationException($"report counted {report.JourneysStarted} journeys, seeded {size}");
            }

            var median = timings.Order().ElementAt(timings.Count / 2);
            Console.WriteLine($"{size,8} | {facts,5} | {repurchases,11} | {timings[0],6:F0} ms / {median,6:F0} ms");
        }
    }

    private static async Task<(int Facts, int Repurchases)> SeedAsync(IServiceProvider services, int size)
    {
        var events = services.GetRequiredService<IJourneyEventStore>();
        var orders = services.GetRequiredService<ICustomerHistory>();
        var random = new Random(7);
        int facts = 0, repurchases = 0;
        foreach (var chunk in Enumerable.Range(0, size).Chunk(500))
        {
            var batch = new List<JourneyEvent>();
            foreach (var n in chunk)
            {
                var instance = $"i{n}";
                var email = $"customer{n}@example.com";
                var startedAt = MonthStart.AddMinutes(n * 40.0 * 24 * 60 / size / 2);
                JourneyEvent Fact(string activity, string kind, DateTimeOffset at) =>
                    new() { DefinitionId = DefinitionId, InstanceId = instance, ActivityId = activity, Kind = kind, At = at };

                batch.Add(Fact("root", JourneyEventKinds.Started, startedAt));
                batch.Add(Fact("root", JourneyEventKinds.Customer, startedAt) with { CustomerEmail = email, MessageKey = $"o{n}" });
                batch.Add(Fact("split", JourneyEventKinds.SplitAssigned, startedAt.AddDays(7)) with { Detail = n % 2 == 0 ? "ai" : "static" });
                batch.Add(Fact("offer", JourneyEventKinds.Entered, startedAt.AddDays(7)));
                batch.Add(Fact("offer", JourneyEventKinds.Sent, startedAt.AddDays(7)) with { MessageKey = $"m{n}" });
                await orders.RecordAsync(Order($"o{n}", email, startedAt));
                if (random.NextDouble() < 1 / 3.0)
                {
                    batch.Add(Fact("offer", JourneyEventKinds.Clicked, startedAt.AddDays(8)) with { MessageKey = $"m{n}", AgentClass = "desktop" });
                    if (random.NextDouble() < 0.1)
                    {
                        await orders.RecordAsync(Order($"r{n}", email, startedAt.AddDays(10)));
                        repurchases++;
                    }
                }
            }

            await events.AppendAsync(batch);
            facts += batch.Count;
        }

        return (facts, repurchases);
    }

    private static Purchase Order(string id, string email, DateTimeOffset at) => new()
    {
        Provider = "generic",
        OrderId = id,
        Customer = new Customer { Email = email },
        TotalMinor = 4200,
        Currency = "EUR",
        PurchasedAt = at,
    };
}
