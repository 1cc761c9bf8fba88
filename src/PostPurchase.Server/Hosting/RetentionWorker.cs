using System.Globalization;
using PostPurchase.Persistence.Retention;

namespace PostPurchase.Server.Hosting;

/// <summary>Prunes finished instances, old inbox rows and send records every <c>Retention__IntervalMinutes</c>.</summary>
public sealed class RetentionWorker(DatabasePruner pruner, RetentionPolicy policy, TimeProvider journeyClock, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(policy.Interval);
        do
        {
            try
            {
                var result = await pruner.PruneAsync(policy, journeyClock.GetUtcNow(), DateTimeOffset.UtcNow, stoppingToken);
                if (result.Total > 0)
                    logger.LogInformation("Retention: pruned {Instances} finished instances ({Journal} journal lines), {Inbox} inbox events, {Sends} send records",
                        result.Instances, result.JournalLines, result.InboxEvents, result.SendRecords);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Retention pass failed; retrying at the next interval");
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    /// <summary>False when the host is stopping (or disposing without a stop): the loop ends quietly.</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static RetentionPolicy ReadPolicy(IConfiguration configuration)
    {
        TimeSpan Days(string key, TimeSpan fallback) => Read(configuration, key, fallback, TimeSpan.FromDays);
        var defaults = RetentionPolicy.Default;
        return new RetentionPolicy(
            Days("FinishedInstanceDays", defaults.FinishedInstances),
            Days("InboxDays", defaults.InboxEvents),
            Days("SendRecordDays", defaults.SendRecords),
            Read(configuration, "IntervalMinutes", defaults.Interval, TimeSpan.FromMinutes))
        {
            ReportFacts = Days("ReportDays", defaults.ReportFacts),
            AuditEntries = Days("AuditDays", defaults.AuditEntries),
        };
    }

    private static TimeSpan Read(IConfiguration configuration, string key, TimeSpan fallback, Func<double, TimeSpan> unit)
    {
        var text = configuration[$"Retention:{key}"];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new InvalidOperationException($"Setting 'Retention__{key}' is '{text}'; it must be a positive number.");
        return unit(value);
    }
}
