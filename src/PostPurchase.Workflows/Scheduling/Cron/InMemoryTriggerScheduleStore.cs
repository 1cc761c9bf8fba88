namespace PostPurchase.Workflows.Scheduling.Cron;

/// <summary>Schedule rows in memory (unit tests, the simulator).</summary>
public sealed class InMemoryTriggerScheduleStore : ITriggerScheduleStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, (TriggerSchedule Schedule, string? Owner, DateTimeOffset? LeaseUntil)> _rows = new();

    public Task<IReadOnlyList<TriggerSchedule>> ListAsync(string? definitionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<TriggerSchedule>>(_rows.Values.Select(r => r.Schedule)
                .Where(s => definitionId is null || s.DefinitionId == definitionId).ToList());
    }

    public Task AddAsync(IReadOnlyCollection<TriggerSchedule> schedules, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            foreach (var s in schedules)
                _rows.TryAdd(s.Id, (s, null, null));
        return Task.CompletedTask;
    }

    public Task DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            foreach (var id in ids)
                _rows.Remove(id);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TriggerSchedule>> ClaimDueAsync(DateTimeOffset now, string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var realNow = DateTimeOffset.UtcNow;
            var claimed = _rows.Values.Where(r => r.Schedule.NextDueAt <= now && (r.LeaseUntil is null || r.LeaseUntil < realNow))
                .OrderBy(r => r.Schedule.NextDueAt).Take(max).Select(r => r.Schedule).ToList();
            foreach (var s in claimed) _rows[s.Id] = (s, owner, leaseUntil);
            return Task.FromResult<IReadOnlyList<TriggerSchedule>>(claimed);
        }
    }

    public Task<bool> AdvanceAsync(string id, DateTimeOffset fired, DateTimeOffset next, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(id, out var row) || row.Schedule.NextDueAt != fired) return Task.FromResult(false);
            _rows[id] = (row.Schedule with { NextDueAt = next }, null, null);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            if (_rows.TryGetValue(id, out var row) && row.Owner == owner)
                _rows[id] = (row.Schedule, null, null);
        return Task.CompletedTask;
    }
}
