using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Model;

namespace PostPurchase.Server.ElsaApi;

/// <summary>Our <see cref="WorkflowInstance"/> and <see cref="JournalEntry"/> in the shapes the instance list and viewer read.</summary>
public static class InstanceJson
{
    public static JsonObject Summary(WorkflowInstance i) => new()
    {
        ["id"] = i.Id,
        ["definitionId"] = i.DefinitionId,
        ["definitionVersionId"] = i.DefinitionVersionId,
        ["version"] = i.DefinitionVersion,
        ["status"] = i.Status.ToString(),
        ["subStatus"] = i.SubStatus.ToString(),
        ["correlationId"] = i.CorrelationId,
        ["name"] = i.Name,
        ["incidentCount"] = i.IncidentCount,
        ["isSystem"] = false,
        ["createdAt"] = i.CreatedAt,
        ["updatedAt"] = i.UpdatedAt,
        ["finishedAt"] = i.FinishedAt,
    };

    public static JsonObject Full(WorkflowInstance i)
    {
        var json = Summary(i);
        var state = i.State;
        json["workflowState"] = new JsonObject
        {
            ["id"] = i.Id,
            ["definitionId"] = i.DefinitionId,
            ["definitionVersionId"] = i.DefinitionVersionId,
            ["definitionVersion"] = i.DefinitionVersion,
            ["correlationId"] = i.CorrelationId,
            ["status"] = i.Status.ToString(),
            ["subStatus"] = i.SubStatus.ToString(),
            ["bookmarks"] = new JsonArray(state.Bookmarks.Select(b => (JsonNode)new JsonObject
            {
                ["id"] = b.Id,
                ["name"] = b.EventName ?? b.Type.ToString(),
                ["activityId"] = b.ActivityId,
                ["activityInstanceId"] = ActivityExecutions.ExecutionId(i.Id, b.ActivityId, b.ExecutionNumber),
                ["createdAt"] = i.UpdatedAt,
                ["payload"] = new JsonObject { ["type"] = b.Type.ToString(), ["dueAt"] = b.DueAt, ["eventName"] = b.EventName },
            }).ToArray()),
            ["incidents"] = new JsonArray(state.Incidents.Select(x => (JsonNode)new JsonObject
            {
                ["activityId"] = x.ActivityId,
                ["activityNodeId"] = x.ActivityId,
                ["activityType"] = x.ActivityType,
                ["message"] = x.Message,
                ["exception"] = new JsonObject { ["type"] = x.ExceptionType, ["message"] = x.Message },
                ["timestamp"] = x.Timestamp,
            }).ToArray()),
            ["fault"] = state.Fault is null ? null : new JsonObject { ["faultedActivityId"] = state.Fault.ActivityId, ["message"] = state.Incidents.LastOrDefault()?.Message },
            ["completionCallbacks"] = new JsonArray(),
            ["activityExecutionContexts"] = new JsonArray(),
            ["input"] = state.Input.DeepClone(),
            ["output"] = new JsonObject(),
            ["properties"] = state.Properties.DeepClone(),
            ["createdAt"] = i.CreatedAt,
            ["updatedAt"] = i.UpdatedAt,
            ["finishedAt"] = i.FinishedAt,
        };
        return json;
    }

    public static JsonObject JournalRecord(JournalEntry e, int activityTypeVersion) => new()
    {
        ["id"] = e.Id,
        ["activityInstanceId"] = ActivityExecutions.ExecutionId(e.InstanceId, e.ActivityId, e.ExecutionNumber),
        ["parentActivityInstanceId"] = null,
        ["activityId"] = e.ActivityId,
        ["activityType"] = e.ActivityType,
        ["activityTypeVersion"] = activityTypeVersion,
        ["activityName"] = e.ActivityName,
        ["nodeId"] = e.NodeId,
        ["workflowInstanceId"] = e.InstanceId,
        ["timestamp"] = e.Timestamp,
        ["sequence"] = e.Sequence,
        ["eventName"] = e.EventName,
        ["message"] = e.Message,
        ["source"] = null,
        ["activityState"] = null,
        ["payload"] = e.Payload?.DeepClone(),
    };

    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, JsonDefaults.Options);
}
