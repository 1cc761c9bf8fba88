using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling.Cron;

namespace PostPurchase.Workflows.Definitions;

/// <summary>
/// Elsa's versioning rules over the definition store: saving overwrites the latest version while it is a draft and
/// creates version N+1 once it is published; publishing validates, then makes that version the only published and
/// latest one. Instances stay pinned to the version id they started on.
/// </summary>
public sealed class WorkflowDefinitionService(IWorkflowDefinitionStore store, DefinitionValidator validator, TimeProvider clock, CronTriggers cron, ILogger<WorkflowDefinitionService> logger)
{
    /// <summary>
    /// Saves a definition model from the API or Studio; publishes it when asked. Throws <see cref="DefinitionValidationException"/>
    /// when an expression does not parse (drafts too) or when publishing an invalid one; nothing is stored then.
    /// </summary>
    public async Task<SaveResult> SaveAsync(JsonObject model, bool publish, CancellationToken cancellationToken = default)
    {
        var definitionId = Text(model["definitionId"]);
        var document = Normalize(model);
        validator.EnsureExpressionsParse(document);
        var name = Text(model["name"])?.Trim() is { Length: > 0 } n ? n : "Workflow";
        var description = Text(model["description"]);
        var versions = definitionId is null ? [] : await store.ListAsync(new DefinitionQuery { DefinitionIds = [definitionId] }, cancellationToken);
        definitionId ??= NewId();

        var latest = versions.OrderByDescending(v => v.Version).FirstOrDefault();
        WorkflowDefinition target;
        if (latest is { IsPublished: false })
        {
            latest.Document = document;
            latest.Name = name;
            latest.Description = description;
            target = latest;
        }
        else
        {
            target = new WorkflowDefinition
            {
                Id = NewId(), DefinitionId = definitionId, Version = (latest?.Version ?? 0) + 1, Name = name, Description = description,
                IsLatest = true, IsPublished = false, CreatedAt = clock.GetUtcNow(), Source = "api", Document = document,
            };
        }

        var changed = new List<WorkflowDefinition> { target };
        foreach (var v in versions.Where(v => v.Id != target.Id && v.IsLatest))
        {
            v.IsLatest = false;
            changed.Add(v);
        }

        if (publish) changed.AddRange(Publish(target, versions));
        await store.SaveAsync(changed.DistinctBy(v => v.Id).ToList(), cancellationToken);
        if (publish) await SyncTriggersAsync(definitionId, cancellationToken);
        return new SaveResult(target, AlreadyPublished: false);
    }

    /// <summary>Publishes the latest version of a definition.</summary>
    public async Task<SaveResult?> PublishAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var versions = await store.ListAsync(new DefinitionQuery { DefinitionIds = [definitionId] }, cancellationToken);
        var latest = versions.OrderByDescending(v => v.Version).FirstOrDefault();
        if (latest is null) return null;
        if (latest.IsPublished) return new SaveResult(latest, AlreadyPublished: true);
        var changed = Publish(latest, versions).Append(latest).DistinctBy(v => v.Id).ToList();
        await store.SaveAsync(changed, cancellationToken);
        await SyncTriggersAsync(definitionId, cancellationToken);
        return new SaveResult(latest, AlreadyPublished: false);
    }

    /// <summary>Unpublishes the published version; returns null when there is none.</summary>
    public async Task<WorkflowDefinition?> RetractAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var published = await store.FindAsync(definitionId, VersionOptions.Published, cancellationToken);
        if (published is null) return null;
        published.IsPublished = false;
        await store.SaveAsync([published], cancellationToken);
        await SyncTriggersAsync(definitionId, cancellationToken);
        return published;
    }

    /// <summary>
    /// Imports a definition file from <c>workflows/</c>: a version higher than any stored is validated and published;
    /// the same version again changes nothing; a lower one is ignored.
    /// </summary>
    public async Task<ImportResult> ImportAsync(JsonObject file, string source, CancellationToken cancellationToken = default)
    {
        var definitionId = Text(file["definitionId"]) ?? throw new DefinitionValidationException([new("definitionId", "A workflow file needs a definitionId.")]);
        var version = file["version"]?.GetValue<int>() ?? 1;
        var document = Normalize(file);
        validator.EnsureValid(document);

        var versions = await store.ListAsync(new DefinitionQuery { DefinitionIds = [definitionId] }, cancellationToken);
        if (versions.Any(v => v.Version >= version))
            return new ImportResult(definitionId, version, Imported: false);

        var imported = new WorkflowDefinition
        {
            Id = Text(file["id"]) is { } id && versions.All(v => v.Id != id) ? id : NewId(),
            DefinitionId = definitionId, Version = version,
            Name = Text(file["name"]) ?? definitionId, Description = Text(file["description"]),
            IsLatest = true, IsPublished = false, CreatedAt = clock.GetUtcNow(), Source = source, Document = document,
        };
        var changed = Publish(imported, versions).Append(imported).DistinctBy(v => v.Id).ToList();
        await store.SaveAsync(changed, cancellationToken);
        await SyncTriggersAsync(definitionId, cancellationToken);
        logger.LogInformation("Imported {DefinitionId} v{Version} from {Source} and published it", definitionId, version, source);
        return new ImportResult(definitionId, version, Imported: true);
    }

    /// <summary>
    /// Recurring triggers (Elsa.Cron) follow the published version. A failure here leaves the publish standing: each
    /// worker re-syncs at start-up, and a stale row is dropped when it comes due.
    /// </summary>
    /// <summary>Deletes every version of a definition and stops its recurring triggers; returns how many versions went.</summary>
    public async Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var deleted = await store.DeleteAsync(definitionId, cancellationToken);
        await SyncTriggersAsync(definitionId, cancellationToken);
        return deleted;
    }

    /// <summary>Deletes one version (by its version id); a deleted published version's recurring triggers stop. False when there is none.</summary>
    public async Task<bool> DeleteVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        var version = await store.FindByIdAsync(versionId, cancellationToken);
        if (version is null || !await store.DeleteVersionAsync(versionId, cancellationToken)) return false;
        if (version.IsPublished) await SyncTriggersAsync(version.DefinitionId, cancellationToken);
        return true;
    }

    private async Task SyncTriggersAsync(string definitionId, CancellationToken cancellationToken)
    {
        try
        {
            await cron.SyncAsync(definitionId, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Recurring triggers of {DefinitionId} were not updated; the worker retries at start-up", definitionId);
        }
    }

    private IEnumerable<WorkflowDefinition> Publish(WorkflowDefinition target, IEnumerable<WorkflowDefinition> versions)
    {
        validator.EnsureValid(target.Document);
        target.IsPublished = true;
        target.IsLatest = true;
        foreach (var v in versions.Where(v => v.Id != target.Id && (v.IsPublished || v.IsLatest)))
        {
            v.IsPublished = false;
            v.IsLatest = false;
            yield return v;
        }
    }

    /// <summary>
    /// The stored document: the model without the server-owned identity/version fields, with Studio's nulls dropped
    /// and every activity given a nodeId (Studio's create dialog sends a bare root).
    /// </summary>
    public static JsonObject Normalize(JsonObject model)
    {
        var document = (JsonObject)model.DeepClone();
        foreach (var key in new[] { "id", "definitionId", "version", "isLatest", "isPublished", "createdAt", "links" })
            document.Remove(key);
        foreach (var key in document.Where(p => p.Value is null).Select(p => p.Key).ToList())
            document.Remove(key);
        document["variables"] ??= new JsonArray();
        document["inputs"] ??= new JsonArray();
        document["outputs"] ??= new JsonArray();
        document["outcomes"] ??= new JsonArray();
        document["customProperties"] ??= new JsonObject();
        document["options"] ??= new JsonObject { ["autoUpdateConsumingWorkflows"] = false };

        var root = document["root"] as JsonObject ?? new JsonObject { ["type"] = "Elsa.Flowchart", ["version"] = 1 };
        document["root"] = root;
        var rootId = Text(root["id"]) ?? "Flowchart1";
        root["id"] = rootId;
        root["version"] ??= 1;
        root["name"] ??= rootId;
        var rootNodeId = Text(root["nodeId"]) ?? $"Workflow1:{rootId}";
        root["nodeId"] = rootNodeId;
        if (Text(root["type"]) is not "Elsa.Flowchart") return document;
        root["activities"] ??= new JsonArray();
        root["connections"] ??= new JsonArray();
        foreach (var activity in (JsonArray)root["activities"]!)
            if (activity is JsonObject a && Text(a["id"]) is { } id && Text(a["nodeId"]) is null)
                a["nodeId"] = $"{rootNodeId}:{id}";
        return document;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrEmpty(s) ? s : null;

    private static string NewId() => Guid.NewGuid().ToString("N")[..16];
}

public sealed record SaveResult(WorkflowDefinition Definition, bool AlreadyPublished);

public sealed record ImportResult(string DefinitionId, int Version, bool Imported);
