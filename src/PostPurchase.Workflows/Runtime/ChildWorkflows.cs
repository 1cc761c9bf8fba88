using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Runtime;

/// <summary>
/// Child instances for workflow-definition activities, Elsa.ExecuteWorkflow and Elsa.DispatchWorkflow. A child's id
/// derives from the parent's activity execution, so a retried or replayed parent step finds the same child instead of
/// starting another. A parent that waits holds an event bookmark; when the child finishes (in any later pass, on any
/// replica) the runtime queues that event for the parent with the child's result.
/// </summary>
public static class ChildWorkflows
{
    public const string ParentInstanceProperty = "parentInstanceId";

    /// <summary>The event a waiting parent is resumed by.</summary>
    public static string FinishedEvent(string childInstanceId) => BookmarkRequest.Normalize($"workflow-finished:{childInstanceId}");

    /// <summary>Starts (or finds, on a replay) the child for this activity execution; it runs until it finishes or waits.</summary>
    public static async Task<WorkflowInstance> StartAsync(ActivityExecutionContext context, WorkflowDefinition definition, JsonObject input, string? correlationId, bool notifyParent)
    {
        var runtime = context.Services.GetRequiredService<WorkflowRuntime>();
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"child\n{context.IdempotencyKey}")))[..32].ToLowerInvariant();
        return await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionVersionId = definition.Id,
            Input = input,
            CorrelationId = correlationId,
            InstanceId = id,
            Properties = notifyParent ? new JsonObject { [ParentInstanceProperty] = context.WorkflowInstanceId } : null,
        }, context.CancellationToken);
    }

    /// <summary>What a parent receives: <c>{workflowInstanceId, status, subStatus, output, outcomes, incident}</c>.</summary>
    public static JsonObject Result(WorkflowInstance child) => new()
    {
        ["workflowDefinitionVersionId"] = child.DefinitionVersionId,
        ["workflowInstanceId"] = child.Id,
        ["correlationId"] = child.CorrelationId,
        ["status"] = child.Status.ToString(),
        ["subStatus"] = child.SubStatus.ToString(),
        ["output"] = child.State.Output.DeepClone(),
        ["outcomes"] = new JsonArray(child.State.Outcomes.Select(o => (JsonNode)o).ToArray()),
        ["incident"] = child.State.Incidents.LastOrDefault()?.Message,
    };

    /// <summary>Throws when the child did not finish normally, so the parent's incident says why.</summary>
    public static void EnsureFinished(JsonObject result, string what)
    {
        var subStatus = result["subStatus"]?.GetValue<string>();
        if (subStatus == nameof(WorkflowSubStatus.Faulted))
            throw new WorkflowFaultException($"{what} (instance {result["workflowInstanceId"]}) faulted: {result["incident"]}");
        if (subStatus == nameof(WorkflowSubStatus.Cancelled))
            throw new WorkflowFaultException($"{what} (instance {result["workflowInstanceId"]}) was cancelled.");
    }

    /// <summary>Called by the runtime after saving an instance: a finished child tells its waiting parent.</summary>
    internal static async Task NotifyParentAsync(IServiceProvider services, WorkflowInstance instance, CancellationToken cancellationToken)
    {
        if (instance.IsActive || instance.State.Properties[ParentInstanceProperty] is not JsonValue parent) return;
        if (services.GetService<IWorkQueue>() is not { } queue) return;
        await queue.EnqueueAsync(new WorkItem
        {
            Kind = WorkItemKind.Event,
            EventName = FinishedEvent(instance.Id),
            InstanceId = parent.GetValue<string>(),
            Payload = Result(instance),
            CreatedAt = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow(),
        }, cancellationToken);
    }
}
