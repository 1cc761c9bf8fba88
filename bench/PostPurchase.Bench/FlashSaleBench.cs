using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using PostPurchase.TestSupport.Smtp;

/// <summary>What one flash-sale run does (command-line flags, see <see cref="FlashSaleBench"/>).</summary>
public sealed record FlashSaleOptions
{
    public int Count { get; init; } = 10_000;
    /// <summary>Orders per second for the sustained mode; 0 = burst (post all as fast as 16 clients can).</summary>
    public double Rate { get; init; }
    public int Seconds { get; init; } = 120;
    public int RttMs { get; init; } = 30;
    public int Clients { get; init; } = 16;
    /// <summary>Orders sent before the measurement, so the JIT has tiered up the hot path as on a server that has been running.</summary>
    public int Warmup { get; init; } = 2000;
    public bool Sqlite { get; init; }
    /// <summary>Webhook ingest alone: the server runs without its worker (<c>Worker__Enabled=false</c>) and nothing is drained.</summary>
    public bool IngestOnly { get; init; }
    public string? Postgres { get; init; }
    /// <summary>Another checkout whose built server to run (e.g. a baseline commit), instead of this one's.</summary>
    public string? ServerCheckout { get; init; }
    /// <summary>Extra server settings (<c>Section__Key=value</c>), e.g. <c>Worker__Parallelism=32</c>.</summary>
    public List<KeyValuePair<string, string>> ServerEnvironment { get; init; } = [];
}

/// <summary>
/// <c>--flash-sale</c>: the real server process (the built binary) on PostgreSQL with production durability (a private
/// cluster started by <c>scripts/postgres.sh</c> with <c>PP_PG_DURABLE=1</c>, unless <c>--postgres</c> is given) or
/// SQLite (<c>--sqlite</c>), sending through a <see cref="LatencyProxy"/> (<c>--rtt-ms</c>) to a loopback SMTP sink.
/// Posts signed purchases from 16 concurrent clients, as a burst (<c>--count</c>) or at a steady rate
/// (<c>--rate 100 --seconds 120</c>), and prints webhooks accepted/s, confirmations drained/s, webhook → SMTP accepted
/// p50/p95/p99 (matched by the order id in the subject) and duplicates, ending with one summary line.
/// </summary>
public static partial class FlashSaleBench
{
    private const string Secret = SignedPurchases.Secret;

    public static async Task RunAsync(FlashSaleOptions options)
    {
        var root = RepositoryRoot();
        var serverDll = Path.Combine(options.ServerCheckout ?? root, "src", "PostPurchase.Server", "bin", "Release", "net10.0", "PostPurchase.Server.dll");
        if (!File.Exists(serverDll)) throw new InvalidOperationException($"{serverDll} is missing: dotnet build src/PostPurchase.Server -c Release");

        var work = Directory.CreateTempSubdirectory("pp-flash-").FullName;
        string? clusterDir = null;
        string? connectionString = null;
        if (!options.Sqlite)
        {
            var server = options.Postgres;
            if (server is null) (clusterDir, server) = await StartDurableClusterAsync(root);
            connectionString = await BenchDatabase.CreateAsync(server, "pp_flash");
        }

        try
        {
            await using var sink = new LoopbackSmtpServer();
            await using var proxy = new LatencyProxy(sink.Host, sink.Port, TimeSpan.FromMilliseconds(options.RttMs));
            var durability = connectionString is null ? "sqlite" : await DurabilityAsync(connectionString);
            using var server = StartServer(serverDll, root, work, connectionString, proxy, options, out var baseUrl);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients }) { BaseAddress = new Uri(baseUrl) };
            await WaitHealthyAsync(http, server, work);
            Console.WriteLine($"server pid {server.Id}, log {Path.Combine(work, "server.log")}");

            // Warm-up (JIT, connection pools, caches) outside the measurement, in two rounds with a pause after each: the
            // runtime starts counting calls for its optimising (tier-1) JIT only once no new methods have been compiled
            // for a moment, so under the first round's steady load it promotes nothing; the second round promotes the hot
            // methods and the pause lets the background JIT finish, as on a server that has been running for a while.
            var warm = new ConcurrentDictionary<string, DateTimeOffset>();
            foreach (var (round, orders) in new[] { (1, options.Warmup), (2, Math.Min(options.Warmup, 500)) })
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, orders), new ParallelOptions { MaxDegreeOfParallelism = options.Clients },
                    async (i, ct) => await PostAsync(http, $"warm{round}-{i}", warm, ct));
                if (!options.IngestOnly) await WaitForConfirmationsAsync(sink, warm, TimeSpan.FromMinutes(2));
                Console.WriteLine($"warm-up round {round}: {orders} orders, then the server idle after {await BenchCpu.WaitIdleAsync(server):F1} s");
            }

            var run = Guid.NewGuid().ToString("N")[..6];
            var sentAt = new ConcurrentDictionary<string, DateTimeOffset>();
            var databaseWork = connectionString is null ? null : await DatabaseWork.StartAsync(connectionString);
            var databaseName = connectionString is null ? null : new NpgsqlConnectionStringBuilder(connectionString).Database;
            var databaseCpuBefore = BenchCpu.DatabaseCpu(databaseName);
            var cpuBefore = BenchCpu.ServerCpu(server);
            var systemBefore = BenchCpu.ServerCpu(server, systemOnly: true);
            var machineBefore = BenchCpu.MachineCpu();
            var benchBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            Console.WriteLine($"measuring {(options.Rate > 0 ? (int)(options.Rate * options.Seconds) : options.Count)} orders after the warm-up");
            var posting = Stopwatch.StartNew();
            var count = options.Rate > 0 ? (int)(options.Rate * options.Seconds) : options.Count;
            if (options.Rate > 0) await PostAtRateAsync(http, run, count, options, sentAt);
            else
                await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Clients },
                    async (i, ct) => await PostAsync(http, $"fs-{run}-{i}", sentAt, ct));
            var postingSeconds = posting.Elapsed.TotalSeconds;
            Console.WriteLine($"posted {count} in {postingSeconds:F1} s; waiting for the confirmations");

            var confirmations = options.IngestOnly ? new Dictionary<string, (DateTimeOffset First, int MessageIds)>() : await WaitForConfirmationsAsync(sink, sentAt, TimeSpan.FromSeconds(Math.Max(120, count / 20.0)));
            var wallSeconds = posting.Elapsed.TotalSeconds;
            var cpuSeconds = BenchCpu.ServerCpu(server) - cpuBefore;
            var systemSeconds = BenchCpu.ServerCpu(server, systemOnly: true) - systemBefore;
            var databaseCpuSeconds = BenchCpu.DatabaseCpu(databaseName) - databaseCpuBefore;
            var machineSeconds = BenchCpu.MachineCpu() - machineBefore;
            var benchSeconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - benchBefore;

            var first = sentAt.Values.Min();
            var latencies = confirmations.Select(c => (c.Value.First - sentAt[c.Key]).TotalMilliseconds).ToList();
            var last = confirmations.Count > 0 ? confirmations.Values.Max(c => c.First) : first;
            var drainSeconds = (last - first).TotalSeconds;
            var all = sink.Received;
            var resentSameId = all.GroupBy(MessageId).Count(g => g.Key is not null && g.Count() > 1);
            var twiceNewId = confirmations.Count(c => c.Value.MessageIds > 1);
            var missing = count - confirmations.Count;
            var mode = (options.Rate > 0 ? $"sustained {options.Rate:0}/s x {options.Seconds}s" : "burst") + (options.IngestOnly ? " ingest-only" : "");
            var database = options.Sqlite ? "sqlite" : "postgresql";

            Console.WriteLine($"flash sale: {mode}, {count} orders, {options.Clients} clients, {database} ({durability}), SMTP RTT {options.RttMs} ms, {Environment.ProcessorCount} cores");
            if (options.ServerEnvironment.Count > 0) Console.WriteLine("server settings: " + string.Join(" ", options.ServerEnvironment.Select(e => $"{e.Key}={e.Value}")));
            Console.WriteLine($"webhooks accepted                 {count / postingSeconds:F0}/s ({postingSeconds:F1} s to post)");
            if (!options.IngestOnly) Console.WriteLine($"confirmations drained             {confirmations.Count / Math.Max(drainSeconds, 0.001):F0}/s (all {confirmations.Count} within {drainSeconds:F1} s of the first webhook)");
            if (!options.IngestOnly) Console.WriteLine($"webhook → SMTP accepted           p50 {P(latencies, 50):F0} ms, p95 {P(latencies, 95):F0} ms, p99 {P(latencies, 99):F0} ms, max {P(latencies, 100):F0} ms");
            if (!options.IngestOnly) Console.WriteLine($"duplicates                        {resentSameId} Message-IDs accepted twice, {twiceNewId} orders confirmed under two Message-IDs, {missing} missing");
            Console.WriteLine($"server CPU                        {cpuSeconds:F1} s over {wallSeconds:F1} s ({cpuSeconds / wallSeconds / Environment.ProcessorCount:P0} of the machine), {cpuSeconds * 1000 / count:F1} ms per order ({systemSeconds:F1} s of it in the kernel)");
            if (databaseName is not null)
                Console.WriteLine($"PostgreSQL CPU (its connections)  {databaseCpuSeconds:F1} s, {databaseCpuSeconds * 1000 / count:F1} ms per order");
            Console.WriteLine($"machine CPU                       {machineSeconds:F1} s busy of {wallSeconds * Environment.ProcessorCount:F1} s ({machineSeconds / wallSeconds / Environment.ProcessorCount:P0}); this benchmark (clients, SMTP sink, proxy) {benchSeconds:F1} s");
            Console.WriteLine(
                $"FLASH {database} {mode.Replace(' ', '-')} orders {count} rtt {options.RttMs}ms ingest {count / postingSeconds:F0}/s drained {confirmations.Count / Math.Max(drainSeconds, 0.001):F0}/s " +
                $"all-in {drainSeconds:F1}s p50 {P(latencies, 50):F0}ms p95 {P(latencies, 95):F0}ms p99 {P(latencies, 99):F0}ms dup-msgid {resentSameId} dup-order {twiceNewId} missing {missing} server-cpu {cpuSeconds / wallSeconds / Environment.ProcessorCount:P0} cpu/order {cpuSeconds * 1000 / count:F1}ms ({durability})");
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            // After the server's connections closed, so every backend has reported its transactions.
            if (databaseWork is not null) await databaseWork.PrintAsync(count);
        }
        finally
        {
            if (clusterDir is not null) await RunScriptAsync(root, $"stop {clusterDir}", durable: false);
        }
    }

    /// <summary>Order i is due at start + i / rate; up to <see cref="FlashSaleOptions.Clients"/> posts are in flight.</summary>
    private static async Task PostAtRateAsync(HttpClient http, string run, int count, FlashSaleOptions options, ConcurrentDictionary<string, DateTimeOffset> sentAt)
    {
        using var clients = new SemaphoreSlim(options.Clients);
        var start = Stopwatch.StartNew();
        var posts = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / options.Rate);
            if (due > start.Elapsed) await Task.Delay(due - start.Elapsed);
            await clients.WaitAsync();
            var orderId = $"fs-{run}-{i}";
            posts.Add(Task.Run(async () =>
            {
                try
                {
                    await PostAsync(http, orderId, sentAt, CancellationToken.None);
                }
                finally
                {
                    clients.Release();
                }
            }));
        }

        await Task.WhenAll(posts);
    }

    private static async Task PostAsync(HttpClient http, string orderId, ConcurrentDictionary<string, DateTimeOffset> sentAt, CancellationToken cancellationToken)
    {
        using var request = SignedPurchases.Create(orderId);
        sentAt[orderId] = DateTimeOffset.UtcNow;
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"webhook {orderId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>Per order: when its first confirmation was accepted and under how many Message-IDs.</summary>
    private static async Task<Dictionary<string, (DateTimeOffset First, int MessageIds)>> WaitForConfirmationsAsync(
        LoopbackSmtpServer sink, ConcurrentDictionary<string, DateTimeOffset> orders, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var found = sink.Received
                .Select(m => (Order: OrderId(m), m.ReceivedAt, Id: MessageId(m)))
                .Where(m => m.Order is not null && orders.ContainsKey(m.Order))
                .GroupBy(m => m.Order!)
                .ToDictionary(g => g.Key, g => (g.Min(m => m.ReceivedAt), g.Select(m => m.Id).Distinct().Count()));
            if (found.Count >= orders.Count || deadline.Elapsed > timeout) return found;
            await Task.Delay(250);
        }
    }

    private static string? OrderId(ReceivedEmail email) => ConfirmationSubject().Match(email.Raw) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? MessageId(ReceivedEmail email) => MessageIdHeader().Match(email.Raw) is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    [GeneratedRegex(@"^Subject: Your order (\S+) is confirmed", RegexOptions.Multiline)]
    private static partial Regex ConfirmationSubject();

    [GeneratedRegex(@"^Message-ID:\s*(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex MessageIdHeader();

    private static Process StartServer(string serverDll, string root, string work, string? connectionString, LatencyProxy proxy, FlashSaleOptions options, out string baseUrl)
    {
        baseUrl = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(serverDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(serverDll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Urls"] = baseUrl,
            ["Data__Directory"] = Path.Combine(work, "data"),
            ["Workflows__Directory"] = Path.Combine(root, "workflows"),
            ["Smtp__Host"] = proxy.Host,
            ["Smtp__Port"] = proxy.Port.ToString(CultureInfo.InvariantCulture),
            ["Store__LegalName"] = "Flash Sale Shop Ltd",
            ["Store__PostalAddress"] = "1 Bench Street, Testville",
            ["Webhooks__Secret"] = Secret,
            ["Security__SigningKey"] = "flash-sale-signing-key-0123456789abcdef",
            ["Auth__AdminPassword"] = "flash-sale-password",
            ["Auth__TokenSigningKey"] = Convert.ToBase64String(new byte[32]),
        };
        if (connectionString is not null)
        {
            environment["Database__Provider"] = "PostgreSql";
            environment["ConnectionStrings__Default"] = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 100 }.ConnectionString;
        }

        if (options.IngestOnly) environment["Worker__Enabled"] = "false";
        foreach (var (key, value) in options.ServerEnvironment) environment[key] = value;
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var log = new StreamWriter(Path.Combine(work, "server.log")) { AutoFlush = true };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process server, string work)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (server.HasExited) throw new InvalidOperationException($"the server exited with {server.ExitCode}; see {Path.Combine(work, "server.log")}");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the server did not become healthy; see {Path.Combine(work, "server.log")}");
    }

    private static async Task<string> DurabilityAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        async Task<string> Show(string name)
        {
            await using var command = new NpgsqlCommand($"SHOW {name}", connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        return $"fsync={await Show("fsync")} synchronous_commit={await Show("synchronous_commit")}";
    }

    private static async Task<(string Dir, string ConnectionString)> StartDurableClusterAsync(string root)
    {
        var output = await RunScriptAsync(root, "start", durable: true);
        var dir = Regex.Match(output, "PP_PG_DIR=(\\S+)").Groups[1].Value;
        var connection = Regex.Match(output, "POSTPURCHASE_TEST_POSTGRES='([^']+)'").Groups[1].Value;
        if (dir.Length == 0 || connection.Length == 0) throw new InvalidOperationException("scripts/postgres.sh start printed: " + output);
        return (dir, connection);
    }

    private static async Task<string> RunScriptAsync(string root, string arguments, bool durable)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, WorkingDirectory = root };
        info.ArgumentList.Add(Path.Combine(root, "scripts", "postgres.sh"));
        foreach (var argument in arguments.Split(' ')) info.ArgumentList.Add(argument);
        if (durable) info.Environment["PP_PG_DURABLE"] = "1";
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PostPurchase.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (PostPurchase.sln) not found");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double P(List<double> values, int percentile)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
