using System.Collections.Concurrent;

namespace PostPurchase.Persistence;

/// <summary>
/// Group commit for concurrent callers of one hot write (the webhook inbox): each caller queues its request, and
/// whoever takes the turn runs every request queued so far (up to <c>maxBatch</c>) with one call of <c>runBatch</c>,
/// so concurrent webhooks share one round trip and one commit. While one batch runs
/// the next one gathers, so the batch size follows the load. If a batch fails (e.g. one of its rows is a replay), each
/// of its requests is run alone with <c>runOne</c> and gets the result or error it would have had without batching.
/// </summary>
internal sealed class RequestBatcher<TRequest, TResult>(
    Func<IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResult>>> runBatch,
    Func<TRequest, CancellationToken, Task<TResult>> runOne,
    int maxBatch = 64)
{
    private readonly ConcurrentQueue<Entry> _queue = new();
    // One batch at a time: a caller that gets the turn knows every batch before it has finished, so its own request is
    // either answered or still queued (a second concurrent turn would find it taken and spin).
    private readonly SemaphoreSlim _turn = new(1, 1);

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
            await _turn.WaitAsync(cancellationToken);
            try
            {
                if (!entry.Done.Task.IsCompleted) await FlushAsync();
            }
            finally
            {
                _turn.Release();
            }
        }

        return await entry.Done.Task;
    }

    private async Task FlushAsync()
    {
        var batch = new List<Entry>();
        while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
            if (!next.Done.Task.IsCompleted) batch.Add(next);
        if (batch.Count == 0) return;

        // CancellationToken.None: the batch carries other callers' requests too.
        if (batch.Count > 1)
        {
            try
            {
                var results = await runBatch(batch.Select(e => e.Request).ToList(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
                return;
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
    }

    private sealed class Entry(TRequest request)
    {
        public TRequest Request { get; } = request;
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
