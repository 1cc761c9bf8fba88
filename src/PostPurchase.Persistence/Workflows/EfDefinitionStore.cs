using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Workflows;

/// <summary>
/// Definition versions in the database. The published versions, which every trigger dispatch and resume reads, are
/// kept parsed in memory: dropped on any write through this store and re-read after <see cref="PublishedCacheTime"/>,
/// so another replica's publish is seen within that time. Callers must not change the returned published models.
/// </summary>
public sealed class EfDefinitionStore(IDbContextFactory<PostPurchaseDbContext> contexts) : IWorkflowDefinitionStore
{
    /// <summary>How long the parsed published versions are reused before they are read again (real time).</summary>
    public static readonly TimeSpan PublishedCacheTime = TimeSpan.FromSeconds(2);

    private volatile PublishedSnapshot? _published;

    private sealed record PublishedSnapshot(IReadOnlyList<WorkflowDefinition> Versions, long LoadedAt, int Generation);

    private int _generation;

    public async Task<WorkflowDefinition?> FindAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Filter(db.Set<DefinitionRow>().AsNoTracking().Where(d => d.DefinitionId == definitionId), options)
            .OrderByDescending(d => d.Version).Take(1).ToListAsync(cancellationToken);
        return rows.Select(ToModel).FirstOrDefault();
    }

    public async Task<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken cancellationToken = default)
    {
        if ((await PublishedAsync(cancellationToken)).FirstOrDefault(d => d.Id == versionId) is { } published) return published;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<DefinitionRow>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == versionId, cancellationToken);
        return row is null ? null : ToModel(row);
    }

    public async Task<IReadOnlyList<WorkflowDefinition>> ListAsync(DefinitionQuery query, CancellationToken cancellationToken = default)
    {
        if (query is { VersionOptions.Kind: "Published", DefinitionIds: null or { Count: 0 }, VersionIds: null or { Count: 0 }, SearchTerm: null or "" })
            return await PublishedAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Filter(db.Set<DefinitionRow>().AsNoTracking(), query.VersionOptions);
        if (query.DefinitionIds is { Count: > 0 } ids) rows = rows.Where(d => ids.Contains(d.DefinitionId));
        if (query.VersionIds is { Count: > 0 } versionIds) rows = rows.Where(d => versionIds.Contains(d.Id));
        if (!string.IsNullOrEmpty(query.SearchTerm)) rows = rows.Where(d => d.Name.ToLower().Contains(query.SearchTerm.ToLower()));
        var list = await rows.OrderBy(d => d.DefinitionId).ThenBy(d => d.Version).ToListAsync(cancellationToken);
        return list.Select(ToModel).ToList();
    }

    public async Task SaveAsync(IReadOnlyCollection<WorkflowDefinition> versions, CancellationToken cancellationToken = default)
    {
        Invalidate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = versions.Select(v => v.Id).ToList();
        var existing = await db.Set<DefinitionRow>().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        foreach (var v in versions)
        {
            if (existing.TryGetValue(v.Id, out var row))
            {
                row.Name = v.Name;
                row.Description = v.Description;
                row.IsLatest = v.IsLatest;
                row.IsPublished = v.IsPublished;
                row.Document = v.Document.ToJsonString();
            }
            else
            {
                db.Add(new DefinitionRow
                {
                    Id = v.Id, DefinitionId = v.DefinitionId, Version = v.Version, Name = v.Name, Description = v.Description,
                    IsLatest = v.IsLatest, IsPublished = v.IsPublished, CreatedAt = UnixTime.Ms(v.CreatedAt), Source = v.Source,
                    Document = v.Document.ToJsonString(),
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        Invalidate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<DefinitionRow>().Where(d => d.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<bool> DeleteVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        Invalidate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<DefinitionRow>().Where(d => d.Id == versionId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private async Task<IReadOnlyList<WorkflowDefinition>> PublishedAsync(CancellationToken cancellationToken)
    {
        var snapshot = _published;
        if (snapshot is not null && snapshot.Generation == Volatile.Read(ref _generation)
            && TimeProvider.System.GetElapsedTime(snapshot.LoadedAt) < PublishedCacheTime)
            return snapshot.Versions;

        // Read the generation first: a write that lands while we read makes this snapshot stale at once.
        var generation = Volatile.Read(ref _generation);
        var loadedAt = TimeProvider.System.GetTimestamp();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<DefinitionRow>().AsNoTracking().Where(d => d.IsPublished)
            .OrderBy(d => d.DefinitionId).ThenBy(d => d.Version).ToListAsync(cancellationToken);
        var versions = rows.Select(ToModel).ToList();
        _published = new PublishedSnapshot(versions, loadedAt, generation);
        return versions;
    }

    private void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _published = null;
    }

    private static IQueryable<DefinitionRow> Filter(IQueryable<DefinitionRow> rows, VersionOptions options) => options.Kind switch
    {
        "Latest" => rows.Where(d => d.IsLatest),
        "Published" => rows.Where(d => d.IsPublished),
        "LatestOrPublished" => rows.Where(d => d.IsLatest || d.IsPublished),
        "LatestAndPublished" => rows.Where(d => d.IsLatest && d.IsPublished),
        "Draft" => rows.Where(d => !d.IsPublished),
        "Version" => rows.Where(d => d.Version == options.Version),
        _ => rows,
    };

    private static WorkflowDefinition ToModel(DefinitionRow r) => new()
    {
        Id = r.Id, DefinitionId = r.DefinitionId, Version = r.Version, Name = r.Name, Description = r.Description,
        IsLatest = r.IsLatest, IsPublished = r.IsPublished, CreatedAt = UnixTime.At(r.CreatedAt), Source = r.Source,
        Document = JsonNode.Parse(r.Document)!.AsObject(),
    };
}
