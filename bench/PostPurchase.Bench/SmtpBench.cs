using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using PostPurchase.Messaging;
using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Gateway;
using PostPurchase.TestSupport.Smtp;

/// <summary>
/// <c>--smtp [--count 2000] [--rtt-ms 0,30] [--pools 1,16,32] [--chunking]</c>: messages/s through the MailKit connection
/// pool to a loopback SMTP sink (PIPELINING; CHUNKING with --chunking), optionally behind a proxy that adds a round-trip time. Each run offers
/// more concurrent sends than the pool has connections, so the pool is the limit; a pool of 1 sends at most
/// <c>min(count, 100)</c> messages to keep the run short.
/// </summary>
public static class SmtpBench
{
    public static async Task RunAsync(int count, IReadOnlyList<int> rtts, IReadOnlyList<int> pools, bool chunking)
    {
        var trips = chunking ? 2 : 3;
        Console.WriteLine($"SMTP pool benchmark: {Environment.ProcessorCount} cores; MailKit, PIPELINING offered, " +
                          (chunking ? "CHUNKING offered: MAIL+RCPT, BDAT LAST (2 round trips a message)" : "DATA (3 round trips a message: MAIL+RCPT, DATA, content)"));
        Console.WriteLine($"rtt ms | pool | messages | messages/s | ceiling pool/({trips}×rtt) | server connections");
        var directory = Directory.CreateTempSubdirectory("pp-smtp-bench-").FullName;
        foreach (var rtt in rtts)
        foreach (var poolSize in pools)
        {
            await using var server = new LoopbackSmtpServer(new LoopbackSmtpOptions { OfferChunking = chunking });
            await using var proxy = rtt > 0 ? new LatencyProxy(server.Host, server.Port, TimeSpan.FromMilliseconds(rtt)) : null;
            var settings = new SmtpSettings { Host = server.Host, Port = proxy?.Port ?? server.Port, PoolSize = poolSize, Security = SmtpSecurity.None };
            await using var pool = new SmtpConnectionPool(settings, NullLogger<SmtpConnectionPool>.Instance);
            var sender = new MailKitEmailSender(settings, new MessagingSettings { DataDirectory = directory }, pool,
                new DkimSigning(new DkimSettings()), NullLogger<MailKitEmailSender>.Instance);
            var messages = Math.Min(count, poolSize * 100);

            var failed = 0;
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(64, poolSize * 2) }, async (i, ct) =>
            {
                var content = new EmailContent("Shop <shop@shop.example.com>", $"customer{i}@example.com", null, "Your order",
                    "Thanks for your order **#" + i + "**.\n\nYour download: https://shop.example.com/d/abc", EmailComposer.MessageIdFor($"bench:{i}", "shop@shop.example.com"), null);
                if ((await sender.SendAsync(content, ct)).Status != DeliveryStatus.Accepted) Interlocked.Increment(ref failed);
            });
            var seconds = watch.Elapsed.TotalSeconds;
            var ceiling = rtt > 0 ? $"{poolSize / (trips * rtt / 1000.0),8:F0}/s" : "       -  ";
            Console.WriteLine($"{rtt,6} | {poolSize,4} | {messages,8} | {messages / seconds,10:F0} | {ceiling,20} | {server.Connections,5}{(failed > 0 ? $"  ({failed} failed)" : "")}");
        }

        Directory.Delete(directory, recursive: true);
    }
}
