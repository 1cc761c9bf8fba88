namespace PostPurchase.Workflows.Reporting;

public sealed class InMemoryJourneyEventStore : IJourneyEventStore
{
    private readonly List<JourneyEvent> _events = new();

    public Task AppendAsync(IReadOnlyCollection<JourneyEvent> events, CancellationToken cancellationToken = default)
    {
        lock (_events) _events.AddRange(events);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<JourneyEvent>> ListAsync(string definitionId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_events)
            return Task.FromResult<IReadOnlyList<JourneyEvent>>(
                _events.Where(e => e.DefinitionId == definitionId && e.At >= from && e.At < to).OrderBy(e => e.At).ToList());
    }

    public Task<IReadOnlyList<JourneyEvent>> ListForInstancesAsync(IReadOnlyCollection<string> instanceIds, string kind, CancellationToken cancellationToken = default)
    {
        var ids = instanceIds.ToHashSet();
        lock (_events)
            return Task.FromResult<IReadOnlyList<JourneyEvent>>(_events.Where(e => e.Kind == kind && ids.Contains(e.InstanceId)).ToList());
    }
}
