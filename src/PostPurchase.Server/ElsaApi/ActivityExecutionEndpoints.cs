using PostPurchase.Server.Auth;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.ElsaApi;

/// <summary>Activity executions for the instance viewer: per-node report, lists, one record, call stack (all from the journal).</summary>
public static class ActivityExecutionEndpoints
{
    public static RouteGroupBuilder MapActivityExecutions(this RouteGroupBuilder api)
    {
        api.MapPost("/activity-executions/report", async (HttpRequest request, IWorkflowInstanceStore store, CancellationToken ct) =>
        {
            var body = await request.BodyAsync(ct);
            var instanceId = body.String("workflowInstanceId") ?? throw new BadRequestException("workflowInstanceId", "workflowInstanceId is required.");
            if (await LoadAsync(store, instanceId, ct) is not { } loaded) return NotFound(instanceId);
            var nodeIds = body.Strings("activityNodeIds");
            var byNode = loaded.Executions.GroupBy(x => x.NodeId).ToDictionary(g => g.Key, g => g.ToList());
            var stats = (nodeIds.Count > 0 ? nodeIds : byNode.Keys.ToList()).Where(byNode.ContainsKey).Select(nodeId =>
            {
                var xs = byNode[nodeId];
                return (JsonNode)new JsonObject
                {
                    ["activityId"] = xs[0].ActivityId,
                    ["activityNodeId"] = nodeId,
                    ["startedCount"] = xs.Count,
                    ["completedCount"] = xs.Count(x => x.Status == "Completed"),
                    ["uncompletedCount"] = xs.Count(x => x.Status != "Completed"),
                    ["isBlocked"] = xs.Any(x => x.IsBlocked),
                    ["isFaulted"] = xs.Any(x => x.Status == "Faulted"),
                    ["metadata"] = new JsonObject(),
                };
            }).ToArray();
            return Results.Ok(new JsonObject { ["stats"] = new JsonArray(stats) });
        }).AllowViewers();

        api.MapGet("/activity-executions/list", (HttpRequest r, IWorkflowInstanceStore s, ActivityRegistry reg, CancellationToken ct) => ListAsync(r, s, reg, full: true, ct));
        api.MapGet("/activity-execution-summaries/list", (HttpRequest r, IWorkflowInstanceStore s, ActivityRegistry reg, CancellationToken ct) => ListAsync(r, s, reg, full: false, ct));

        api.MapGet("/activity-executions/by-id", async (HttpRequest request, IWorkflowInstanceStore store, ActivityRegistry registry, CancellationToken ct) =>
        {
            var id = request.Text("id") ?? throw new BadRequestException("id", "id is required.");
            return await FindAsync(store, id, ct) is { } found ? Results.Ok(ActivityExecutions.Record(found.Instance, found.Execution, registry)) : ExecutionNotFound(id);
        });

        api.MapGet("/activity-executions/{id}/call-stack", async (string id, IWorkflowInstanceStore store, ActivityRegistry registry, CancellationToken ct) =>
        {
            if (await FindAsync(store, id, ct) is not { } found) return ExecutionNotFound(id);
            return Results.Ok(new JsonObject
            {
                ["activityExecutionId"] = id,
                ["items"] = new JsonArray(ActivityExecutions.Record(found.Instance, found.Execution, registry)),
                ["totalCount"] = 1,
            });
        });
        return api;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IWorkflowInstanceStore store, ActivityRegistry registry, bool full, CancellationToken ct)
    {
        var instanceId = request.Text("WorkflowInstanceId") ?? throw new BadRequestException("WorkflowInstanceId", "WorkflowInstanceId is required.");
        if (await LoadAsync(store, instanceId, ct) is not { } loaded) return NotFound(instanceId);
        var nodeId = request.Text("ActivityNodeId");
        var completed = request.Bool("Completed");
        var items = loaded.Executions
            .Where(x => nodeId is null || x.NodeId == nodeId)
            .Where(x => completed is null || x.IsDone == completed)
            .Select(x => (JsonNode)(full ? ActivityExecutions.Record(loaded.Instance, x, registry) : ActivityExecutions.Summary(loaded.Instance, x, registry)))
            .ToArray();
        return Results.Ok(new JsonObject { ["items"] = new JsonArray(items), ["count"] = items.Length });
    }

    private static async Task<(WorkflowInstance Instance, IReadOnlyList<ActivityExecutions.Execution> Executions)?> LoadAsync(IWorkflowInstanceStore store, string instanceId, CancellationToken ct)
    {
        if (await store.FindAsync(instanceId, ct) is not { } instance) return null;
        var journal = await store.GetJournalAsync(instanceId, 0, int.MaxValue, ct);
        return (instance, ActivityExecutions.From(instance, journal.Items));
    }

    private static async Task<(WorkflowInstance Instance, ActivityExecutions.Execution Execution)?> FindAsync(IWorkflowInstanceStore store, string id, CancellationToken ct)
    {
        if (ActivityExecutions.ParseId(id) is not { } parts || await LoadAsync(store, parts.InstanceId, ct) is not { } loaded) return null;
        return loaded.Executions.FirstOrDefault(x => x.Id == id) is { } execution ? (loaded.Instance, execution) : null;
    }

    private static IResult NotFound(string instanceId) => ApiErrors.NotFound($"Workflow instance '{instanceId}' not found.");

    private static IResult ExecutionNotFound(string id) => ApiErrors.NotFound($"Activity execution '{id}' not found.");
}
