using Microsoft.EntityFrameworkCore;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Persistence.Engagement;

public sealed class EfJourneyEventStore(IDbContextFactory<PostPurchaseDbContext> contexts) : IJourneyEventStore
{
    public async Task AppendAsync(IReadOnlyCollection<JourneyEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AddRange(events.Select(ToRow));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<JourneyEvent>> ListAsync(string definitionId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        long fromMs = UnixTime.Ms(from), toMs = UnixTime.Ms(to);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<JourneyEventRow>().AsNoTracking()
            .Where(e => e.DefinitionId == definitionId && e.At >= fromMs && e.At < toMs)
            .OrderBy(e => e.At).ThenBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        return rows.Select(ToModel).ToList();
    }

    public async Task<IReadOnlyList<JourneyEvent>> ListForInstancesAsync(IReadOnlyCollection<string> instanceIds, string kind, CancellationToken cancellationToken = default)
    {
        var result = new List<JourneyEvent>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in instanceIds.Chunk(500))
        {
            var ids = chunk.ToList();
            var rows = await db.Set<JourneyEventRow>().AsNoTracking()
                .Where(e => e.Kind == kind && ids.Contains(e.InstanceId))
                .ToListAsync(cancellationToken);
            result.AddRange(rows.Select(ToModel));
        }

        return result;
    }

    internal static JourneyEventRow ToRow(JourneyEvent e) => new()
    {
        DefinitionId = e.DefinitionId, InstanceId = e.InstanceId, ActivityId = e.ActivityId, Kind = e.Kind, Detail = e.Detail,
        Value = e.Value, MessageKey = e.MessageKey, CustomerEmail = e.CustomerEmail, CustomerId = e.CustomerId,
        AgentClass = e.AgentClass, At = UnixTime.Ms(e.At),
    };

    private static JourneyEvent ToModel(JourneyEventRow r) => new()
    {
        DefinitionId = r.DefinitionId, InstanceId = r.InstanceId, ActivityId = r.ActivityId, Kind = r.Kind, Detail = r.Detail,
        Value = r.Value, MessageKey = r.MessageKey, CustomerEmail = r.CustomerEmail, CustomerId = r.CustomerId,
        AgentClass = r.AgentClass, At = UnixTime.At(r.At),
    };
}
