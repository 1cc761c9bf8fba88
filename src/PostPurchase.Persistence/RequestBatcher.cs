using System.Collections.Concurrent;

namespace PostPurchase.Persistence;

/// <summary>
/// Group commit for concurrent callers of one hot statement (the webhook inbox and its customer-history read): each
/// caller queues its request, and whoever takes the turn runs every request queued so far (up to <c>maxBatch</c>)
/// with one call of <c>runBatch</c>, so concurrent webhooks share one round trip and one commit. While batches run
/// (up to <c>concurrentBatches</c>, so one batch's commit flush need not wait for the previous one's) the next one
/// gathers, so the batch size follows the load. If a batch fails (e.g. one of its rows is a replay), each of its
/// requests is run alone with <c>runOne</c> and gets the result or error it would have had without batching.
/// </summary>
internal sealed class RequestBatcher<TRequest, TResult>(
    Func<IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResult>>> runBatch,
    Func<TRequest, CancellationToken, Task<TResult>> runOne,
    int maxBatch = 64,
    int concurrentBatches = 2)
{
    private readonly ConcurrentQueue<Entry> _queue = new();
    private readonly SemaphoreSlim _turns = new(concurrentBatches, concurrentBatches);

    /// <summary>Requests waiting for a batch (not counting the one running).</summary>
    public int Queued => _queue.Count;

    /// <summary>
    /// Runs <paramref name="request"/> with whatever else is queued. Cancelling drops the request if no batch took it
    /// yet; a batch already running is not cancelled (other callers' requests ride on it).
    /// </summary>
    public async Task<TResult> RunAsync(TRequest request, CancellationToken cancellationToken)
    {
        var entry = new Entry(request);
        await using var cancel = cancellationToken.Register(() => entry.Done.TrySetCanceled(cancellationToken));
        _queue.Enqueue(entry);
        while (!entry.Done.Task.IsCompleted)
        {
            await _turns.WaitAsync(cancellationToken);
            bool ranABatch;
            try
            {
                ranABatch = !entry.Done.Task.IsCompleted && await FlushAsync();
            }
            finally
            {
                _turns.Release();
            }

            // Nothing was queued: a batch running now took this request and answers it.
            if (!ranABatch) break;
        }

        return await entry.Done.Task;
    }

    /// <summary>Runs the queued requests (up to a batch); false when none was queued.</summary>
    private async Task<bool> FlushAsync()
    {
        var batch = new List<Entry>();
        while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
            if (!next.Done.Task.IsCompleted) batch.Add(next);
        if (batch.Count == 0) return false;

        // CancellationToken.None: the batch carries other callers' requests too.
        if (batch.Count > 1)
        {
            try
            {
                var results = await runBatch(batch.Select(e => e.Request).ToList(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
                return true;
            }
            catch (Exception)
            {
                // Whatever failed, each request below gets its own outcome.
            }
        }

        foreach (var entry in batch)
        {
            try
            {
                entry.Done.TrySetResult(await runOne(entry.Request, CancellationToken.None));
            }
            catch (Exception ex)
            {
                entry.Done.TrySetException(ex);
            }
        }

        return true;
    }

    private sealed class Entry(TRequest request)
    {
        public TRequest Request { get; } = request;
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
