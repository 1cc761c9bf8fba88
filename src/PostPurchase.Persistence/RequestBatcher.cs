using System.Collections.Concurrent;

namespace PostPurchase.Persistence;

/// <summary>
/// Group commit for concurrent callers of one hot write (the webhook inbox): each caller queues its request, and
/// whoever takes the turn runs every request queued so far (up to <c>maxBatch</c>) with one call of <c>runBatch</c>,
/// so concurrent webhooks share one round trip and one commit. While one batch runs the next one gathers, so the batch
/// size follows the load. If a batch fails (e.g. one of its rows is a replay), its requests are run alone with
/// <c>runOne</c>, concurrently, and each gets the result or error it would have had without batching.
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
    /// Runs <paramref name="request"/> with whatever else is queued. Cancelling drops the request only while no batch
    /// has taken it; once taken, the caller gets its outcome (other callers' requests ride on the same batch, and a
    /// committed row must not be reported as cancelled).
    /// </summary>
    public async Task<TResult> RunAsync(TRequest request, CancellationToken cancellationToken)
    {
        var entry = new Entry(request);
        await using var cancel = cancellationToken.Register(() => entry.TryDrop(cancellationToken));
        _queue.Enqueue(entry);
        while (!entry.Done.Task.IsCompleted)
        {
            // Not cancellable: a dropped request ends the loop after at most one batch.
            await _turn.WaitAsync(CancellationToken.None);
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
            if (next.TryTake()) batch.Add(next);
        if (batch.Count == 0) return;

        // CancellationToken.None: the batch carries other callers' requests too.
        if (batch.Count > 1)
        {
            try
            {
                var results = await runBatch(batch.Select(e => e.Request).ToList(), CancellationToken.None);
                if (results.Count != batch.Count) throw new InvalidOperationException($"A batch of {batch.Count} gave {results.Count} results.");
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
                return;
            }
            catch (Exception)
            {
                // Whatever failed, each request below gets its own outcome.
            }
        }

        await Task.WhenAll(batch.Select(RunAloneAsync));
    }

    private async Task RunAloneAsync(Entry entry)
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

    private sealed class Entry(TRequest request)
    {
        private const int Queued = 0, Taken = 1, Dropped = 2;
        private int _state = Queued;

        public TRequest Request { get; } = request;
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A batch takes the request, unless its caller dropped it first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        /// <summary>The caller gives up, unless a batch took the request first.</summary>
        public void TryDrop(CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, Dropped, Queued) == Queued) Done.TrySetCanceled(cancellationToken);
        }
    }
}
