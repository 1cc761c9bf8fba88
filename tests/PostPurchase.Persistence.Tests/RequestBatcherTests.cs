using PostPurchase.Persistence;
using PostPurchase.TestSupport;

namespace PostPurchase.Persistence.Tests;

/// <summary>The group commit under the webhook inbox: batching, a failed batch, and callers that give up.</summary>
public sealed class RequestBatcherTests
{
    [Fact]
    public async Task Requests_arriving_while_a_batch_runs_are_run_together_as_the_next_batch()
    {
        var firstRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new System.Collections.Concurrent.ConcurrentQueue<int[]>();
        var batcher = new RequestBatcher<int, int>(
            (requests, _) =>
            {
                batches.Enqueue(requests.ToArray());
                return Task.FromResult<IReadOnlyList<int>>(requests.Select(r => r * 10).ToList());
            },
            async (request, _) =>
            {
                batches.Enqueue([request]);
                firstRunning.TrySetResult();
                await releaseFirst.Task;
                return request * 10;
            });

        var first = batcher.RunAsync(1, CancellationToken.None);
        await firstRunning.Task;
        var others = Enumerable.Range(2, 5).Select(i => Task.Run(() => batcher.RunAsync(i, CancellationToken.None))).ToList();
        await Eventually.Until(() => batcher.Queued == 5);
        releaseFirst.SetResult();

        Assert.Equal(10, await first);
        Assert.Equal(new[] { 20, 30, 40, 50, 60 }, await Task.WhenAll(others));
        Assert.Equal([[1], [2, 3, 4, 5, 6]], batches.Select(b => b.Order().ToArray()).ToList());
    }

    [Fact]
    public async Task A_failed_batch_gives_each_request_its_own_outcome()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batchesTried = 0;
        var batcher = new RequestBatcher<int, int>(
            (_, _) =>
            {
                Interlocked.Increment(ref batchesTried);
                throw new InvalidOperationException("one of the rows conflicts");
            },
            async (request, _) =>
            {
                firstRunning.TrySetResult();
                await gate.Task;
                return request == 3 ? throw new ArgumentException("request 3 alone fails") : request;
            });

        var first = batcher.RunAsync(0, CancellationToken.None);
        await firstRunning.Task;
        var others = Enumerable.Range(1, 4).Select(i => Task.Run(() => batcher.RunAsync(i, CancellationToken.None))).ToList();
        await Eventually.Until(() => batcher.Queued == 4);
        gate.SetResult();

        Assert.Equal(0, await first);
        Assert.Equal(1, await others[0]);
        Assert.Equal(2, await others[1]);
        await Assert.ThrowsAsync<ArgumentException>(() => others[2]);
        Assert.Equal(4, await others[3]);
        Assert.Equal(1, batchesTried);
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_queued_is_dropped_but_one_taken_by_a_batch_gets_its_outcome()
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ran = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var batcher = new RequestBatcher<int, int>(
            (requests, _) =>
            {
                foreach (var r in requests) ran.Enqueue(r);
                return Task.FromResult<IReadOnlyList<int>>(requests.ToList());
            },
            async (request, _) =>
            {
                ran.Enqueue(request);
                running.TrySetResult();
                await release.Task;
                return request;
            });
        using var takenGivesUp = new CancellationTokenSource();
        using var queuedGivesUp = new CancellationTokenSource();

        var taken = batcher.RunAsync(1, takenGivesUp.Token);
        await running.Task;
        var queued = Task.Run(() => batcher.RunAsync(2, queuedGivesUp.Token));
        await Eventually.Until(() => batcher.Queued == 1);
        takenGivesUp.Cancel();
        queuedGivesUp.Cancel();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);

        // Request 1 was already being written: its caller learns the outcome rather than a cancellation.
        Assert.Equal(1, await taken);
        Assert.Equal(3, await batcher.RunAsync(3, CancellationToken.None));
        Assert.Equal([1, 3], ran.ToArray());
    }
}
