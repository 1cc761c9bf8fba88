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
using PostPurchase.Workflows.Scheduling;

// --flash-sale: the real server process under a burst or a steady rate of purchases (FlashSaleBench.cs);
// --expressions [--seconds 3]: the shipped journey's JavaScript and Liquid (ExpressionBench.cs);
// --csharp [--seconds 3]: C# script compile and run times (CSharpBench.cs);
// --smtp [--rtt-ms 0,30] [--pools 1,16,32] [--chunking]: messages/s through the SMTP connection pool (SmtpBench.cs);
// --webhooks: the HTTP ingest benchmark (WebhookBench.cs); --replicas and --scale [--sizes 10000,100000,1000000]:
// resume scaling and cost as work grows (ScaleBench.cs); --report [--sizes 1000,10000]: journey report time
// (ReportBench.cs). Otherwise the engine benchmark:
// Engine benchmark: instances started/s, activities executed/s, due bookmarks resumed/s and database bytes per
// waiting instance, on SQLite and (when --postgres "<connection string>" is given) PostgreSQL. Run by hand:
//   dotnet run -c Release --project bench/PostPurchase.Bench -- [--count 2000] [--postgres "Host=…;Username=…"]
var count = Arg("--count") is { } c ? int.Parse(c) : 2000;
var postgres = Arg("--postgres") ?? Environment.GetEnvironmentVariable("POSTPURCHASE_TEST_POSTGRES");
if (args.Contains("--flash-sale"))
{
    // --flash-sale [--count 10000 | --rate 100 --seconds 120] [--rtt-ms 30] [--sqlite] [--clients 16] [--env Key=Value]… [--warmup 2000] [--server-checkout DIR] [--ingest-only]
    await FlashSaleBench.RunAsync(new FlashSaleOptions
    {
        Count = count == 2000 && Arg("--count") is null ? 10_000 : count,
        Rate = Arg("--rate") is { } rate ? double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) : 0,
        Seconds = Arg("--seconds") is { } seconds ? int.Parse(seconds) : 120,
        RttMs = Arg("--rtt-ms") is { } rtt ? int.Parse(rtt) : 30,
        Clients = Arg("--clients") is { } clients ? int.Parse(clients) : 16,
        Warmup = Arg("--warmup") is { } warmup ? int.Parse(warmup) : new FlashSaleOptions().Warmup,
        Sqlite = args.Contains("--sqlite"),
        IngestOnly = args.Contains("--ingest-only"),
        Postgres = Arg("--postgres"),
        ServerCheckout = Arg("--server-checkout"),
        ServerEnvironment = args.Select((a, i) => (a, i)).Where(x => x.a == "--env" && x.i + 1 < args.Length)
            .Select(x => args[x.i + 1].Split('=', 2)).Select(kv => KeyValuePair.Create(kv[0], kv[1])).ToList(),
    });
    return;
}

if (args.Contains("--csharp"))
{
    await CSharpBench.RunAsync(Arg("--seconds") is { } cs ? double.Parse(cs) : 3);
    return;
}

if (args.Contains("--expressions"))
{
    var root = Directory.GetCurrentDirectory();
    while (!File.Exists(Path.Combine(root, "workflows", "post-purchase.json")) && Directory.GetParent(root) is { } parent) root = parent.FullName;
    ExpressionBench.Run(Path.Combine(root, "workflows", "post-purchase.json"), Arg("--seconds") is { } s ? double.Parse(s) : 3);
    return;
}

if (args.Contains("--smtp"))
{
    await SmtpBench.RunAsync(Arg("--count") is null ? 2000 : count,
        (Arg("--rtt-ms") ?? "0,30").Split(',').Select(int.Parse).ToList(), (Arg("--pools") ?? "1,16,32").Split(',').Select(int.Parse).ToList(), args.Contains("--chunking"));
    return;
}

if (args.Contains("--webhooks"))
{
    await WebhookBench.RunAsync(count, postgres);
    return;
}

if (args.Contains("--privacy"))
{
    await PrivacyBench.RunAsync((Arg("--sizes") ?? "10000,100000").Split(',').Select(int.Parse).ToList(), postgres);
    return;
}

if (args.Contains("--replicas") || args.Contains("--scale") || args.Contains("--report"))
{
    if (postgres is null)
    {
        Console.WriteLine("--replicas, --scale and --report need PostgreSQL: pass --postgres or set POSTPURCHASE_TEST_POSTGRES");
        return;
    }

    if (args.Contains("--report")) await ReportBench.RunAsync((Arg("--sizes") ?? "1000,10000").Split(',').Select(int.Parse).ToList(), postgres);

    if (args.Contains("--replicas")) await ScaleBench.ReplicasAsync(count, postgres);
    if (args.Contains("--scale")) await ScaleBench.ScaleAsync((Arg("--sizes") ?? "10000,100000,1000000").Split(',').Select(int.Parse).ToList(), postgres);
    return;
}

Console.WriteLine($"PostPurchase engine benchmark: {count} instances per provider, {Environment.ProcessorCount} cores");
Console.WriteLine("provider    | starts/s | activities/s | resumes/s | bytes/waiting instance");
await RunAsync(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("pp-bench-").FullName, "bench.db")}");
if (postgres is not null) await RunAsync(DatabaseProvider.PostgreSql, await BenchDatabase.CreateAsync(postgres, "pp_bench"));
else Console.WriteLine("postgresql  | skipped (pass --postgres or set POSTPURCHASE_TEST_POSTGRES)");

async Task RunAsync(DatabaseProvider provider, string connectionString)
{
    var clock = new ManualClock();
    var services = new ServiceCollection()
        .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
        .AddSingleton<TimeProvider>(clock)
        .AddWorkflowEngine()
        .AddPostPurchasePersistence(provider, connectionString)
        .Configure<WorkflowWorkerOptions>(o => { o.Enabled = false; o.BatchSize = 200; o.Parallelism = provider == DatabaseProvider.Sqlite ? 1 : 16; })
        .BuildServiceProvider();
    await services.GetRequiredService<SchemaInitializer>().InitializeAsync();
    await services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(BenchWorkflow.Definition(), "bench");
    var runtime = services.GetRequiredService<WorkflowRuntime>();

    var parallelism = provider == DatabaseProvider.Sqlite ? 1 : 16;
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "bench", Input = new JsonObject { ["n"] = i }, CorrelationId = $"order-{i}" }, ct));
    var startSeconds = watch.Elapsed.TotalSeconds;
    var bytes = await DatabaseBytesAsync(provider, connectionString);

    clock.Advance(TimeSpan.FromDays(2));
    watch.Restart();
    var resumed = await services.GetRequiredService<WorkflowWorker>().DrainAsync();
    var resumeSeconds = watch.Elapsed.TotalSeconds;

    // Each instance runs SetVariable + Delay when started, and Delay (resume) + WriteLine when resumed: 4 activities.
    var activitiesPerSecond = count * 4 / (startSeconds + resumeSeconds);
    Console.WriteLine($"{provider,-11} | {count / startSeconds,8:F0} | {activitiesPerSecond,12:F0} | {resumed / resumeSeconds,9:F0} | {bytes / count,10:F0}");
    await services.DisposeAsync();
}

static async Task<double> DatabaseBytesAsync(DatabaseProvider provider, string connectionString)
{
    if (provider == DatabaseProvider.Sqlite)
    {
        var file = connectionString["Data Source=".Length..].Split(';')[0];
        return new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);
    }

    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(
        "SELECT pg_total_relation_size('workflow_instances') + pg_total_relation_size('bookmarks') + pg_total_relation_size('journal')", connection);
    return Convert.ToDouble(await command.ExecuteScalarAsync());
}

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
