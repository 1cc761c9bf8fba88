using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Scheduling;

/// <summary>
/// The background worker of every replica: claims due bookmarks (timers, timeouts, retries), queued work items
/// (trigger dispatch, events, cancellations) and due recurring triggers (Elsa.Cron) with a lease, and hands them to the runtime. Leases use real time, due
/// times the workflow clock. Wake it early with <see cref="WorkSignal"/>.
/// </summary>
public sealed class WorkflowWorker(
    WorkflowRuntime runtime,
    IBookmarkQueue bookmarks,
    IWorkQueue work,
    TimeProvider workflowClock,
    WorkSignal signal,
    IngestPressure ingest,
    Cron.CronTriggers cron,
    IOptions<WorkflowWorkerOptions> options,
    ILogger<WorkflowWorker> logger) : BackgroundService
{
    private readonly WorkflowWorkerOptions _options = options.Value;
    private DateTimeOffset _nextCronClaim = DateTimeOffset.MinValue;

    /// <summary>
    /// Processed trigger work items, whose rows the next pass deletes together (one statement for many). Until then
    /// their lease keeps them from being claimed again; after a crash they are replayed, which changes nothing: the
    /// instance id derives from the item, so the start finds its instance. Events and cancellations complete at once.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _processed = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        logger.LogInformation("Workflow worker {WorkerId} started ({Parallelism} in flight)", _options.WorkerId, _options.Parallelism);
        var pipeline = new WorkerPipeline(Capacity);
        var bookmarksFirst = false;
        try
        {
            await cron.SyncAllAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Recurring triggers were not synchronised with the published definitions at start-up");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Waiting at most a poll interval, so processed items are completed while long steps run.
                await Task.WhenAny(pipeline.WaitForRefillAsync(stoppingToken), Task.Delay(_options.PollInterval, stoppingToken));
                await CompleteProcessedAsync(stoppingToken);
                var claimed = await ClaimAndStartAsync(pipeline, bookmarksFirst = !bookmarksFirst, stoppingToken);
                // Nothing due: new work wakes us (webhooks signal; timers and other replicas' work by polling).
                if (claimed == 0) await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Workflow worker pass failed; retrying");
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
        }

        await pipeline.WhenIdleAsync();
        await CompleteProcessedAsync(CancellationToken.None);
    }

    /// <summary>Steps in flight allowed now: fewer while webhooks queue up (<see cref="IngestPressure"/>).</summary>
    private int Capacity() =>
        _options.BurstParallelism > 0 && ingest.IsBursting ? Math.Min(_options.BurstParallelism, _options.Parallelism) : _options.Parallelism;

    private async Task CompleteProcessedAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        while (ids.Count < 500 && _processed.TryDequeue(out var id)) ids.Add(id);
        if (ids.Count == 0) return;
        try
        {
            await work.CompleteAsync(ids, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Their leases run out and they are replayed, which starts nothing new (see _processed).
            logger.LogWarning(ex, "Completing {Count} processed work items failed; they will be replayed", ids.Count);
        }
    }

    /// <summary>
    /// Claims as many work items and due bookmarks as there are free slots and starts each one without waiting for the
    /// others: a step that waits on SMTP or the database holds only its own slot, so the sends of a burst overlap.
    /// </summary>
    private async Task<int> ClaimAndStartAsync(WorkerPipeline pipeline, bool bookmarksFirst, CancellationToken stoppingToken)
    {
        var free = Math.Min(pipeline.FreeSlots, _options.BatchSize);
        if (free == 0) return 0;
        var leaseUntil = DateTimeOffset.UtcNow + _options.LeaseDuration;
        IReadOnlyList<WorkItem> items = [];
        IReadOnlyList<BookmarkRef> due = [];
        if (bookmarksFirst) due = await bookmarks.ClaimDueAsync(workflowClock.GetUtcNow(), _options.WorkerId, leaseUntil, free, stoppingToken);
        if (free > due.Count) items = await work.ClaimAsync(_options.WorkerId, leaseUntil, free - due.Count, stoppingToken);
        if (!bookmarksFirst && free > items.Count)
            due = await bookmarks.ClaimDueAsync(workflowClock.GetUtcNow(), _options.WorkerId, leaseUntil, free - items.Count, stoppingToken);
        foreach (var item in items) pipeline.Start(() => ProcessAsync(item, stoppingToken, deferCompletion: item.Kind == WorkItemKind.Trigger));
        foreach (var bookmark in due) pipeline.Start(() => ResumeAsync(bookmark, stoppingToken));
        return items.Count + due.Count + await ClaimCronAsync(pipeline, leaseUntil, stoppingToken);
    }

    /// <summary>Recurring triggers are few and due at most every second or so: they are claimed at most once a poll interval.</summary>
    private async Task<int> ClaimCronAsync(WorkerPipeline pipeline, DateTimeOffset leaseUntil, CancellationToken stoppingToken)
    {
        if (DateTimeOffset.UtcNow < _nextCronClaim || pipeline.FreeSlots == 0) return 0;
        _nextCronClaim = DateTimeOffset.UtcNow + _options.PollInterval;
        var schedules = await cron.ClaimDueAsync(_options.WorkerId, leaseUntil, Math.Min(pipeline.FreeSlots, _options.BatchSize), stoppingToken);
        foreach (var schedule in schedules) pipeline.Start(() => cron.FireAsync(schedule, _options.WorkerId, stoppingToken));
        return schedules.Count;
    }

    private async Task ProcessAsync(WorkItem item, CancellationToken ct, bool deferCompletion = false)
    {
        try
        {
            await runtime.ProcessAsync(item, ct);
            if (deferCompletion) _processed.Enqueue(item.Id);
            else await work.CompleteAsync(item.Id, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Work item {WorkItemId} ({Kind}) failed; will retry", item.Id, item.Kind);
            await work.FailAsync(item.Id, ex.Message, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Math.Min(300, 2 << Math.Min(item.Attempts, 8))), ct);
        }
    }

    private async Task ResumeAsync(BookmarkRef bookmark, CancellationToken ct)
    {
        try
        {
            await runtime.ResumeAsync(bookmark, cancellationToken: ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Resuming bookmark {BookmarkId} of {InstanceId} failed; releasing it", bookmark.BookmarkId, bookmark.InstanceId);
            await bookmarks.ReleaseAsync(bookmark.BookmarkId, _options.WorkerId, ct);
        }
    }

    /// <summary>One pass (tests and the simulator; the background loop keeps a pipeline instead): processes up to a batch of queued work and a batch of due bookmarks. Returns how many it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var leaseUntil = DateTimeOffset.UtcNow + _options.LeaseDuration;
        var items = await work.ClaimAsync(_options.WorkerId, leaseUntil, _options.BatchSize, cancellationToken);
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            async (item, ct) => await ProcessAsync(item, ct));

        var due = await bookmarks.ClaimDueAsync(workflowClock.GetUtcNow(), _options.WorkerId, leaseUntil, _options.BatchSize, cancellationToken);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            async (bookmark, ct) => await ResumeAsync(bookmark, ct));

        var schedules = await cron.ClaimDueAsync(_options.WorkerId, leaseUntil, _options.BatchSize, cancellationToken);
        foreach (var schedule in schedules) await cron.FireAsync(schedule, _options.WorkerId, cancellationToken);

        return items.Count + due.Count + schedules.Count;
    }

    /// <summary>Runs passes until nothing is left to do at the current workflow time (tests and the simulator).</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        int processed;
        while ((processed = await RunOnceAsync(cancellationToken)) > 0) total += processed;
        return total;
    }
}

/// <summary>Lets producers (webhooks, event endpoints) wake the local worker instead of waiting for its next poll.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _semaphore = new(0);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0) _semaphore.Release();
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _semaphore.WaitAsync(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
