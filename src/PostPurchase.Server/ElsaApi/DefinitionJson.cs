using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Server.ElsaApi;

/// <summary>
/// A stored definition version as the Studio reads it: the saved document (unknown fields kept), this version's flags,
/// a <c>nodeId</c> on every activity and the <c>links</c> without which the editor turns read-only.
/// </summary>
public static class DefinitionJson
{
    public static JsonObject Full(WorkflowDefinition definition)
    {
        var json = definition.ToElsaJson();
        json["toolVersion"] ??= "3.8.0";
        json["isReadonly"] = false;
        json["isSystem"] = false;
        json["materializerName"] = "Json";
        AssignNodeIds(json);
        json["links"] = Links(definition.DefinitionId);
        return json;
    }

    public static JsonObject Summary(WorkflowDefinition d) => new()
    {
        ["id"] = d.Id,
        ["definitionId"] = d.DefinitionId,
        ["name"] = d.Name,
        ["description"] = d.Description,
        ["version"] = d.Version,
        ["toolVersion"] = d.Document["toolVersion"]?.DeepClone() ?? "3.8.0",
        ["isLatest"] = d.IsLatest,
        ["isPublished"] = d.IsPublished,
        ["materializerName"] = "Json",
        ["createdAt"] = d.CreatedAt,
        ["isReadonly"] = false,
        ["isMaterializerAvailable"] = true,
        ["links"] = new JsonArray(Link($"/workflow-definitions/{Uri.EscapeDataString(d.DefinitionId)}/publish", "publish", "POST")),
    };

    public static JsonArray Links(string definitionId)
    {
        var self = $"/workflow-definitions/{Uri.EscapeDataString(definitionId)}";
        return new JsonArray(
            Link(self, "self", "GET"),
            Link(self + "/execute", "execute", "POST"),
            Link(self + "/publish", "publish", "POST"),
            Link(self + "/retract", "retract", "POST"),
            Link(self, "delete", "DELETE"));
    }

    public static JsonObject Link(string href, string rel, string method) => new() { ["href"] = href, ["rel"] = rel, ["method"] = method };

    /// <summary>Elsa's node ids: ancestor ids joined by ':' starting at <c>Workflow1</c>, for the root and every nested activity.</summary>
    private static void AssignNodeIds(JsonObject definition)
    {
        if (definition["root"] is not JsonObject root) return;
        var rootId = root["id"]?.GetValue<string>() ?? "Flowchart1";
        root["id"] = rootId;
        root["nodeId"] ??= $"Workflow1:{rootId}";
        Visit(root);

        static void Visit(JsonObject container)
        {
            var parent = container["nodeId"]!.GetValue<string>();
            foreach (var key in new[] { "activities", "states" })
                foreach (var child in container[key] as JsonArray ?? [])
                    if (child is JsonObject activity && activity["id"]?.GetValue<string>() is { } id)
                    {
                        if (activity["nodeId"] is null) activity["nodeId"] = $"{parent}:{id}";
                        Visit(activity);
                    }
        }
    }
}
