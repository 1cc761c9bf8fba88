using PostPurchase.Server.Auth;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.ElsaApi;

/// <summary>Workflow instances for the instance list and viewer: list, get, journal, variables, execution state, cancel, delete.</summary>
public static class WorkflowInstanceEndpoints
{
    public static RouteGroupBuilder MapWorkflowInstances(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-instances", async (HttpRequest request, IWorkflowInstanceStore store, CancellationToken ct) =>
            await ListAsync(await request.BodyAsync(ct), store, ct)).AllowViewers();
        api.MapGet("/workflow-instances", async (HttpRequest request, IWorkflowInstanceStore store, CancellationToken ct) =>
        {
            var filter = new JsonObject();
            foreach (var (key, values) in request.Query)
                filter[key] = values.Count > 1 || key.EndsWith('s') ? new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) : JsonValue.Create(values.ToString());
            return await ListAsync(filter, store, ct);
        });

        api.MapGet("/workflow-instances/{id}", async (string id, IWorkflowInstanceStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } instance ? Results.Ok(InstanceJson.Full(instance)) : NotFound(id));
        api.MapDelete("/workflow-instances/{id}", async (string id, IWorkflowInstanceStore store, CancellationToken ct) =>
            await store.DeleteAsync([id], ct) > 0 ? Results.NoContent() : NotFound(id));
        api.MapPost("/cancel/workflow-instances/{id}", async (string id, IWorkflowInstanceStore store, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            if (await store.FindAsync(id, ct) is null) return NotFound(id);
            return await runtime.CancelAsync(id, "cancelled in Elsa Studio", ct)
                ? Results.Ok()
                : ApiErrors.BadRequest("id", $"Instance '{id}' has already ended.");
        });
        api.MapPost("/bulk-actions/delete/workflow-instances/by-id", async (HttpRequest request, IWorkflowInstanceStore store, CancellationToken ct) =>
            Results.Ok(new { deletedCount = await store.DeleteAsync((await request.BodyAsync(ct)).Strings("ids").ToList(), ct) }));
        api.MapPost("/bulk-actions/cancel/workflow-instances", async (HttpRequest request, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            var cancelled = 0;
            foreach (var id in (await request.BodyAsync(ct)).Strings("ids"))
                if (await runtime.CancelAsync(id, "cancelled in Elsa Studio", ct)) cancelled++;
            return Results.Ok(new { cancelledCount = cancelled });
        });

        api.MapPost("/workflow-instances/{id}/journal", JournalAsync).AllowViewers();
        api.MapGet("/workflow-instances/{id}/journal", JournalAsync);
        api.MapGet("/workflow-instances/{id}/variables", VariablesAsync);
        api.MapGet("/workflow-instances/{id}/execution-state", async (string id, IWorkflowInstanceStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } i
                ? Results.Ok(new JsonObject { ["status"] = i.Status.ToString(), ["workflowSubStatus"] = i.SubStatus.ToString(), ["updatedAt"] = i.UpdatedAt })
                : NotFound(id));
        return api;
    }

    /// <summary>The instance list's filter body (page, pageSize, searchTerm, definitionId(s), correlationId, status(es), subStatus(es), hasIncidents, orderDirection).</summary>
    private static async Task<IResult> ListAsync(JsonObject filter, IWorkflowInstanceStore store, CancellationToken ct)
    {
        var definitionIds = filter.Strings("definitionIds").Concat(filter.String("definitionId") is { } one ? [one] : []).ToList();
        var statuses = Enums<WorkflowStatus>(filter, "statuses", "status");
        var subStatuses = Enums<WorkflowSubStatus>(filter, "subStatuses", "subStatus");
        var page = Number(filter, "page") ?? 0;
        var pageSize = Number(filter, "pageSize") ?? 50;
        if (page < 0) throw new BadRequestException("page", "page must be 0 or more.");
        if (pageSize is < 1 or > 1000) throw new BadRequestException("pageSize", "pageSize must be between 1 and 1000.");

        var result = await store.ListAsync(new InstanceQuery
        {
            Page = page,
            PageSize = pageSize,
            SearchTerm = filter.String("searchTerm"),
            DefinitionIds = definitionIds.Count > 0 ? definitionIds : null,
            CorrelationId = filter.String("correlationId"),
            Statuses = statuses.Count > 0 ? statuses : null,
            SubStatuses = subStatuses.Count > 0 ? subStatuses : null,
            HasIncidents = filter.Boolean("hasIncidents"),
            Descending = !string.Equals(filter.String("orderDirection"), "Ascending", StringComparison.OrdinalIgnoreCase),
        }, ct);
        return Results.Ok(new JsonObject
        {
            ["items"] = new JsonArray(result.Items.Select(i => (JsonNode)InstanceJson.Summary(i)).ToArray()),
            ["totalCount"] = result.TotalCount,
        });
    }

    private static async Task<IResult> JournalAsync(string id, HttpRequest request, IWorkflowInstanceStore store, ActivityRegistry registry, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is null) return NotFound(id);
        var skip = request.Int("skip", 0);
        var take = request.Int("take", 100, min: 0, max: 10_000);
        var body = HttpMethods.IsPost(request.Method) ? await request.BodyAsync(ct) : new JsonObject();
        var filter = body.Find("filter") as JsonObject ?? new JsonObject();
        var nodeIds = filter.Strings("activityNodeIds").ToHashSet();
        var activityIds = filter.Strings("activityIds").ToHashSet();
        var excludedTypes = filter.Strings("excludedActivityTypes").ToHashSet();
        var eventNames = filter.Strings("eventNames").ToHashSet();

        var all = (await store.GetJournalAsync(id, 0, int.MaxValue, ct)).Items
            .Where(e => nodeIds.Count == 0 || nodeIds.Contains(e.NodeId))
            .Where(e => activityIds.Count == 0 || activityIds.Contains(e.ActivityId))
            .Where(e => !excludedTypes.Contains(e.ActivityType))
            .Where(e => eventNames.Count == 0 || eventNames.Contains(e.EventName))
            .ToList();
        var items = all.Skip(skip).Take(take).Select(e => (JsonNode)InstanceJson.JournalRecord(e, ActivityExecutions.TypeVersion(registry, e.ActivityType))).ToArray();
        return Results.Ok(new JsonObject { ["items"] = new JsonArray(items), ["totalCount"] = all.Count });
    }

    private static async Task<IResult> VariablesAsync(string id, IWorkflowInstanceStore store, IWorkflowDefinitionStore definitions, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } instance) return NotFound(id);
        var definition = await definitions.FindByIdAsync(instance.DefinitionVersionId, ct);
        var declared = definition is null ? [] : DefinitionVariables.Read(definition.Document);
        var items = instance.State.Variables.Select(v => (JsonNode)new JsonObject
        {
            ["id"] = declared.FirstOrDefault(d => d.Name == v.Key)?.Id ?? v.Key,
            ["name"] = v.Key,
            ["value"] = v.Value?.DeepClone(),
        }).ToArray();
        return Results.Ok(new JsonObject { ["items"] = new JsonArray(items), ["count"] = items.Length });
    }

    private static List<T> Enums<T>(JsonObject filter, string many, string one) where T : struct, Enum
    {
        var names = filter.Strings(many).Concat(filter.String(one) is { } s ? [s] : []);
        return names.Select(n => Enum.TryParse<T>(n, ignoreCase: true, out var value)
            ? value
            : throw new BadRequestException(one, $"Unknown {one} '{n}'; use {string.Join(", ", Enum.GetNames<T>())}.")).ToList();
    }

    private static int? Number(JsonObject json, string name) => json.Find(name) switch
    {
        JsonValue v when v.TryGetValue(out int n) => n,
        JsonValue v when v.TryGetValue(out string? s) && int.TryParse(s, out var n) => n,
        null => null,
        _ => throw new BadRequestException(name, $"{name} must be a whole number."),
    };

    private static IResult NotFound(string id) => ApiErrors.NotFound($"Workflow instance '{id}' not found.");
}
