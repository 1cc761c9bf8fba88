using System.Collections.Concurrent;
using System.Data.Common;

namespace PostPurchase.Persistence;

/// <summary>
/// SQLite takes one writer at a time; a writer that finds the database locked sleeps in SQLite's busy handler
/// (1, 2, 5 … 100 ms between tries), so under many concurrent writes most of the time went to sleeping while the
/// database sat idle. The per-order writes queue here instead (<see cref="SqlBatch"/>'s atomic commands, the work,
/// bookmark and trigger claims, instance updates) and reach the file one after the other, each as soon as the previous
/// one committed. Rarer writes through EF (SaveChanges, ExecuteUpdate/Delete) and writers in other processes still
/// meet the busy handler.
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Waits for this database file's turn; dispose the result to pass it on.</summary>
    public static async Task<IAsyncDisposable> EnterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(connection.DataSource, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
