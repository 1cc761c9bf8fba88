using System.Text.Json;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Runtime.InMemory;

/// <summary>Instances, bookmark rows and journal in memory (unit tests, the simulator). Instances are stored as JSON copies, like a database would.</summary>
public sealed class InMemoryInstanceStore(IJourneyEventStore? events = null) : IWorkflowInstanceStore, IBookmarkQueue
{
    private readonly object _lock = new();
    private readonly Dictionary<string, string> _instances = new();
    private readonly Dictionary<string, (Bookmark Bookmark, string InstanceId, string? CorrelationId, string? Owner, DateTimeOffset? LeaseUntil)> _bookmarks = new();
    private readonly List<JournalEntry> _journal = new();
    private readonly HashSet<string> _cancelledCorrelations = new();

    public Task<CreateResult> TryCreateAsync(WorkflowInstance instance, InstanceChanges changes, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_instances.ContainsKey(instance.Id)) return Task.FromResult(new CreateResult(false, false));
            Apply(instance, changes);
            return Task.FromResult(new CreateResult(true, instance.CorrelationId is { } correlation && _cancelledCorrelations.Contains(correlation)));
        }
    }

    public Task<StartCheck> CheckStartAsync(string? correlationId, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(new StartCheck(
                correlationId is not null && _cancelledCorrelations.Contains(correlationId),
                instanceIds.Where(_instances.ContainsKey).ToHashSet()));
    }

    public Task<bool> TryUpdateAsync(WorkflowInstance instance, int expectedRevision, InstanceChanges changes, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_instances.TryGetValue(instance.Id, out var json) || Deserialize(json).Revision != expectedRevision) return Task.FromResult(false);
            Apply(instance, changes);
            return Task.FromResult(true);
        }
    }

    public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_instances.TryGetValue(instanceId, out var json) ? Deserialize(json) : null);
    }

    public Task<IReadOnlyList<string>> FindActiveIdsByCorrelationAsync(string correlationId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<string>>(All().Where(i => i.CorrelationId == correlationId && (i.IsActive || i.SubStatus == WorkflowSubStatus.Faulted)).Select(i => i.Id).ToList());
    }

    public Task<InstancePage> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var matches = All()
                .Where(i => query.DefinitionIds is null || query.DefinitionIds.Count == 0 || query.DefinitionIds.Contains(i.DefinitionId))
                .Where(i => query.CorrelationId is null || i.CorrelationId == query.CorrelationId)
                .Where(i => query.Statuses is null || query.Statuses.Count == 0 || query.Statuses.Contains(i.Status))
                .Where(i => query.SubStatuses is null || query.SubStatuses.Count == 0 || query.SubStatuses.Contains(i.SubStatus))
                .Where(i => query.HasIncidents is null || (i.IncidentCount > 0) == query.HasIncidents)
                .Where(i => string.IsNullOrEmpty(query.SearchTerm) || i.Id.Contains(query.SearchTerm) || (i.CorrelationId?.Contains(query.SearchTerm) ?? false) || (i.Name?.Contains(query.SearchTerm, StringComparison.OrdinalIgnoreCase) ?? false));
            matches = query.Descending ? matches.OrderByDescending(i => i.CreatedAt) : matches.OrderBy(i => i.CreatedAt);
            var list = matches.ToList();
            return Task.FromResult(new InstancePage(list.Skip(query.Page * query.PageSize).Take(query.PageSize).ToList(), list.Count));
        }
    }

    public Task<JournalPage> GetJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var entries = _journal.Where(j => j.InstanceId == instanceId).ToList();
            return Task.FromResult(new JournalPage(entries.Skip(skip).Take(take).ToList(), entries.Count));
        }
    }

    public Task<int> DeleteAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var removed = instanceIds.Count(id => _instances.Remove(id));
            _journal.RemoveAll(j => instanceIds.Contains(j.InstanceId));
            foreach (var key in _bookmarks.Where(b => instanceIds.Contains(b.Value.InstanceId)).Select(b => b.Key).ToList()) _bookmarks.Remove(key);
            return Task.FromResult(removed);
        }
    }

    public Task MarkCorrelationCancelledAsync(string correlationId, string reason, CancellationToken cancellationToken = default)
    {
        lock (_lock) _cancelledCorrelations.Add(correlationId);
        return Task.CompletedTask;
    }

    public Task<bool> IsCorrelationCancelledAsync(string correlationId, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_cancelledCorrelations.Contains(correlationId));
    }

    public Task<IReadOnlyList<BookmarkRef>> ClaimDueAsync(DateTimeOffset now, string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var claimed = _bookmarks.Values
                .Where(b => b.Bookmark.DueAt <= now && (b.LeaseUntil is null || b.LeaseUntil < DateTimeOffset.UtcNow))
                .OrderBy(b => b.Bookmark.DueAt).Take(max).ToList();
            foreach (var b in claimed) _bookmarks[b.Bookmark.Id] = b with { Owner = owner, LeaseUntil = leaseUntil };
            return Task.FromResult<IReadOnlyList<BookmarkRef>>(claimed.Select(b => new BookmarkRef(b.Bookmark.Id, b.InstanceId)).ToList());
        }
    }

    public Task ReleaseAsync(string bookmarkId, string owner, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            if (_bookmarks.TryGetValue(bookmarkId, out var b) && b.Owner == owner)
                _bookmarks[bookmarkId] = b with { Owner = null, LeaseUntil = null };
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<BookmarkRef>> FindByEventAsync(string eventName, string? instanceId, string? correlationId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<BookmarkRef>>(_bookmarks.Values
                .Where(b => b.Bookmark.Type == BookmarkType.Event && b.Bookmark.EventName == eventName)
                .Where(b => (instanceId is not null && b.InstanceId == instanceId) || (instanceId is null && correlationId is not null && b.CorrelationId == correlationId))
                .Select(b => new BookmarkRef(b.Bookmark.Id, b.InstanceId)).ToList());
    }

    public Task<IReadOnlyList<(BookmarkRef Bookmark, string EventName)>> FindByEventPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<(BookmarkRef, string)>>(_bookmarks.Values
                .Where(b => b.Bookmark.Type == BookmarkType.Event && b.Bookmark.EventName?.StartsWith(prefix, StringComparison.Ordinal) == true)
                .Select(b => (new BookmarkRef(b.Bookmark.Id, b.InstanceId), b.Bookmark.EventName!)).ToList());
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_bookmarks.Values.Where(b => b.Bookmark.DueAt is not null).Select(b => b.Bookmark.DueAt).Min());
    }

    public Task<int> CountDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_bookmarks.Values.Count(b => b.Bookmark.DueAt <= now));
    }

    private void Apply(WorkflowInstance instance, InstanceChanges changes)
    {
        _instances[instance.Id] = JsonSerializer.Serialize(instance, JsonDefaults.Options);
        foreach (var id in changes.RemovedBookmarkIds) _bookmarks.Remove(id);
        foreach (var b in changes.AddedBookmarks) _bookmarks[b.Id] = (b, instance.Id, instance.CorrelationId, null, null);
        _journal.AddRange(changes.Journal);
        if (changes.Events is { Count: > 0 } facts) events?.AppendAsync(facts);
    }

    private IEnumerable<WorkflowInstance> All() => _instances.Values.Select(Deserialize);

    private static WorkflowInstance Deserialize(string json) => JsonSerializer.Deserialize<WorkflowInstance>(json, JsonDefaults.Options)!;
}
