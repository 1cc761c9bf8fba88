using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using PostPurchase.TestSupport.Smtp;
using PostPurchase.TestSupport.Twilio;

namespace PostPurchase.Fault.Tests;

/// <summary>
/// Several server processes on one PostgreSQL, purchases sent to all of them (some twice, some refunded), a random
/// replica killed with SIGKILL every few seconds and restarted; then what the SMTP sink and the Twilio stand-in
/// received is checked against what every journey should have sent.
/// </summary>
public sealed class FaultScenario(FaultOptions options, Action<string> log)
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /// <summary>Confirmation, onboarding, review request and loyalty offer; with a phone also the SMS reminder (nobody clicks the offer here).</summary>
    private static IEnumerable<string> ExpectedKinds(Order order) =>
        order.HasPhone ? ["confirmation", "onboarding", "review", "offer", "reminder"] : ["confirmation", "onboarding", "review", "offer"];
    private const int Cancelled = 4; // WorkflowSubStatus.Cancelled

    private sealed record Order(int Number, bool Refunded, bool HasPhone, bool DeliveredTwice)
    {
        public string Id => $"F-{Number}";
        public string Email => $"c{Number}@fault.test";
        public string? Phone => HasPhone ? $"+1555{Number:D7}" : null;
    }

    public async Task<FaultReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(20261122);
        var connectionString = await CreateDatabaseAsync();
        await using var smtp = new LoopbackSmtpServer();
        await using var twilio = await TwilioStandIn.StartAsync();
        var data = Directory.CreateTempSubdirectory("pp-fault-").FullName;
        log($"data and replica logs: {data}");
        var environment = Environment(connectionString, smtp, twilio, data);

        var replicas = Enumerable.Range(0, options.Replicas).Select(i => new ServerReplica(i, ServerDll(), environment, data)).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            replicas[0].Start(); // the first creates the schema; the others start once it exists
            await replicas[0].WaitHealthyAsync(http, TimeSpan.FromSeconds(90));
            foreach (var replica in replicas.Skip(1)) replica.Start();
            foreach (var replica in replicas.Skip(1)) await replica.WaitHealthyAsync(http, TimeSpan.FromSeconds(90));
            log($"{replicas.Count} replicas up after {watch.Elapsed.TotalSeconds:F0} s");

            var orders = Enumerable.Range(1, options.Journeys)
                .Select(n => new Order(n, random.NextDouble() < options.RefundShare, n % 2 == 0, random.NextDouble() < options.DuplicateShare))
                .ToList();
            using var chaos = new CancellationTokenSource();
            var kills = 0;
            var chaosLoop = Task.Run(async () =>
            {
                var chaosRandom = new Random(7);
                while (!chaos.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(options.KillEverySeconds * (0.5 + chaosRandom.NextDouble())), chaos.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    var victim = replicas[chaosRandom.Next(replicas.Count)];
                    victim.Kill();
                    Interlocked.Increment(ref kills);
                    await Task.Delay(500);
                    victim.Start();
                }
            });

            var sender = new WebhookSender(replicas, http, Secret);
            await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (order, ct) =>
            {
                var body = PurchaseBody(order);
                await sender.DeliverAsync($"purchase-{order.Number}", body, ct);
                if (order.DeliveredTwice) await sender.DeliverAsync($"purchase-{order.Number}", body, ct);
                if (order.Refunded)
                    await sender.DeliverAsync($"refund-{order.Number}", new JsonObject { ["type"] = "refund", ["orderId"] = order.Id }.ToJsonString(), ct);
            });
            var distinctEvents = orders.Count + orders.Count(o => o.Refunded);
            log($"{distinctEvents} events delivered ({sender.Deliveries} deliveries) after {watch.Elapsed.TotalSeconds:F0} s; {kills} kills so far");

            var expected = orders.Where(o => !o.Refunded).Sum(o => ExpectedKinds(o).Count());
            var journeyLength = TimeSpan.FromDays(23) / options.ClockSpeed;
            // Wait for the journeys to play out; on a small machine a large run falls behind its clock, so keep waiting
            // while messages still arrive, and stop once nothing has arrived for a while (what is missing then is missing).
            var earliestEnd = watch.Elapsed + journeyLength;
            var lastProgress = watch.Elapsed;
            var lastCount = -1;
            while (watch.Elapsed < TimeSpan.FromMinutes(60))
            {
                var received = Tally(orders, smtp, twilio).Unique;
                if (received != lastCount) (lastCount, lastProgress) = (received, watch.Elapsed);
                if (received >= expected && await CountAsync(connectionString, "SELECT COUNT(*) FROM workflow_instances WHERE \"Status\" = 0") == 0) break;
                if (watch.Elapsed > earliestEnd + TimeSpan.FromSeconds(90) && watch.Elapsed - lastProgress > TimeSpan.FromSeconds(90)) break;
                await Task.Delay(1000, cancellationToken);
            }

            await chaos.CancelAsync();
            await chaosLoop;
            foreach (var replica in replicas.Where(r => !r.IsRunning)) replica.Start();
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // anything still in flight (or sent twice) lands now

            var tally = Tally(orders, smtp, twilio, log);
            log($"refunded customers received {tally.AfterRefund} messages before their refund took effect");
            var stuck = await CountAsync(connectionString,
                "SELECT COUNT(*) FROM workflow_instances WHERE \"Status\" = 0 OR \"IncidentCount\" > 0");
            var inbox = await CountAsync(connectionString, "SELECT COUNT(*) FROM inbox_events");
            // A refund stops its journey: nothing is sent after the instance was cancelled, and no refunded order's journey
            // ran to its end. (Messages sent before the refund was processed are legitimate.)
            var sentAfterCancel = await CountAsync(connectionString, $$"""
                SELECT COUNT(*) FROM send_records s JOIN workflow_instances i ON s."WorkflowInstanceId" = i."Id"
                WHERE i."SubStatus" = {{Cancelled}} AND s."Status" = 1 AND s."CreatedAt" > i."FinishedAt"
                """);
            var refundedIds = string.Join(",", orders.Where(o => o.Refunded).Select(o => $"'{o.Id}'"));
            var refundedCompleted = refundedIds.Length == 0 ? 0 : await CountAsync(connectionString,
                $"SELECT COUNT(*) FROM workflow_instances WHERE \"CorrelationId\" IN ({refundedIds}) AND \"SubStatus\" <> {Cancelled}");
            return new FaultReport(orders.Count, orders.Count(o => o.Refunded), expected, tally.Unique, tally.Resent, tally.Duplicated, tally.Missing, (int)(sentAfterCancel + refundedCompleted), (int)stuck,
                (int)inbox, distinctEvents, kills, watch.Elapsed);
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
        }
    }

    private sealed record Tallied(int Unique, int Resent, int Duplicated, int Missing, int AfterRefund);

    /// <summary>
    /// What arrived per order and kind. An extra email with the same Message-ID is a resend after a crash between the SMTP
    /// server accepting it and our commit; an extra email with another Message-ID is a real duplicate. Every SMS is its own
    /// Twilio message, so an extra SMS is a duplicate: the gateway asks Twilio before resending one it is in doubt about.
    /// </summary>
    private static Tallied Tally(IReadOnlyList<Order> orders, LoopbackSmtpServer smtp, TwilioStandIn twilio, Action<string>? log = null)
    {
        var received = new Dictionary<(string Recipient, string Kind), List<string>>();
        void Add(string recipient, string kind, string identity)
        {
            if (!received.TryGetValue((recipient, kind), out var list)) received[(recipient, kind)] = list = [];
            list.Add(identity);
        }

        foreach (var mail in smtp.Received)
        {
            var parsed = mail.Parse();
            foreach (var recipient in mail.Recipients)
                Add(recipient.ToLowerInvariant(), Kind(parsed.Header("Subject") ?? ""), parsed.Header("Message-ID") ?? Guid.NewGuid().ToString());
        }

        foreach (var sms in twilio.Requests) Add(sms.Form["To"], sms.Form["Body"].Contains("/review/") ? "review" : "reminder", sms.Sid);

        int unique = 0, resent = 0, duplicated = 0, missing = 0, afterRefund = 0;
        foreach (var order in orders)
        {
            foreach (var kind in ExpectedKinds(order))
            {
                var recipient = kind is "review" or "reminder" && order.Phone is { } phone ? phone : order.Email;
                var copies = received.GetValueOrDefault((recipient, kind)) ?? [];
                var identities = copies.Distinct().Count();
                resent += copies.Count - identities;
                duplicated += Math.Max(0, identities - 1);
                if (copies.Count > 1) log?.Invoke($"{kind} to {recipient}: {copies.Count} copies, {identities} identities");
                if (order.Refunded)
                {
                    afterRefund += copies.Count;
                    continue;
                }

                if (copies.Count == 0)
                {
                    missing++;
                    log?.Invoke($"missing: {kind} to {recipient}");
                }
                else unique++;
            }
        }

        return new Tallied(unique, resent, duplicated, missing, afterRefund);
    }

    private static string Kind(string subject) => subject switch
    {
        _ when subject.StartsWith("Your order", StringComparison.Ordinal) => "confirmation",
        _ when subject.StartsWith("Getting the most", StringComparison.Ordinal) => "onboarding",
        _ when subject.StartsWith("How is", StringComparison.Ordinal) => "review",
        _ when subject.StartsWith("A thank-you gift", StringComparison.Ordinal) => "offer",
        _ => "other: " + subject,
    };

    private static string PurchaseBody(Order order) => new JsonObject
    {
        ["type"] = "purchase",
        ["orderId"] = order.Id,
        ["customer"] = new JsonObject { ["email"] = order.Email, ["name"] = $"Customer {order.Number}", ["phone"] = order.Phone, ["smsConsent"] = order.HasPhone },
        ["items"] = new JsonArray(new JsonObject { ["sku"] = "PHOTO-101", ["name"] = "Photography Masterclass", ["quantity"] = 1, ["unitPrice"] = 89.00 }),
        ["currency"] = "EUR",
    }.ToJsonString();

    private Dictionary<string, string> Environment(string connectionString, LoopbackSmtpServer smtp, TwilioStandIn twilio, string data) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__PostPurchase"] = "Information",
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Default"] = connectionString,
        ["Data__Directory"] = data,
        ["Workflows__Directory"] = Path.Combine(RepositoryRoot(), "workflows"),
        ["Smtp__Host"] = smtp.Host,
        ["Smtp__Port"] = smtp.Port.ToString(),
        ["Store__LegalName"] = "Fault Shop Ltd",
        ["Store__PostalAddress"] = "1 Test Street, Testville",
        ["Twilio__BaseUrl"] = twilio.BaseUrl,
        ["Twilio__AccountSid"] = TwilioStandIn.AccountSid,
        ["Twilio__AuthToken"] = TwilioStandIn.AuthToken,
        ["Twilio__From"] = "+15005550006",
        ["Webhooks__Secret"] = Secret,
        ["Security__SigningKey"] = "fault-test-signing-key-0123456789abcdef",
        ["Auth__AdminPassword"] = "fault-test-password",
        ["Auth__TokenSigningKey"] = Convert.ToBase64String(new byte[32]),
        ["Clock__Speed"] = options.ClockSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Clock__Origin"] = DateTimeOffset.UtcNow.ToString("O"),
        ["Worker__LeaseDuration"] = "00:00:05",
    };

    private static async Task<string> CreateDatabaseAsync()
    {
        var server = System.Environment.GetEnvironmentVariable("POSTPURCHASE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("POSTPURCHASE_TEST_POSTGRES is not set: run with ./scripts/test.sh or tests/fault/run.sh, which start PostgreSQL.");
        var name = "pp_fault_" + Guid.NewGuid().ToString("N")[..10];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PostPurchase.sln"))) return dir.FullName;
        throw new InvalidOperationException("PostPurchase.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The server binary built with the same configuration as this test assembly.</summary>
    private static string ServerDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot(), "src", "PostPurchase.Server", "bin", configuration, "net10.0", "PostPurchase.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the server first", path);
    }
}
