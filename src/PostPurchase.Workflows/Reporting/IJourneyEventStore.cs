namespace PostPurchase.Workflows.Reporting;

/// <summary>
/// The report's facts. Activities' facts arrive with their instance's changes (one transaction); facts from outside a
/// run (a click, a delivery report) are appended directly.
/// </summary>
public interface IJourneyEventStore
{
    Task AppendAsync(IReadOnlyCollection<JourneyEvent> events, CancellationToken cancellationToken = default);

    /// <summary>The journey's facts with <see cref="JourneyEvent.At"/> in [from, to), oldest first.</summary>
    Task<IReadOnlyList<JourneyEvent>> ListAsync(string definitionId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>The instances' facts of one kind, whenever they happened (e.g. whose journeys they are).</summary>
    Task<IReadOnlyList<JourneyEvent>> ListForInstancesAsync(IReadOnlyCollection<string> instanceIds, string kind, CancellationToken cancellationToken = default);
}
