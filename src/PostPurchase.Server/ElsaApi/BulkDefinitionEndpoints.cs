using System.Text.Json.Nodes;
using PostPurchase.Server.Auth;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.ElsaApi;

/// <summary>The definition list's bulk actions: publish, retract and delete several definitions (or versions) at once.</summary>
public static class BulkDefinitionEndpoints
{
    public static RouteGroupBuilder MapBulkDefinitionActions(this RouteGroupBuilder api)
    {
        api.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", async (HttpRequest request, IWorkflowDefinitionStore store,
            PrivilegedDefinitions privileged, WorkflowDefinitionService service, CancellationToken ct) =>
        {
            var (published, already, notFound) = (new JsonArray(), new JsonArray(), new JsonArray());
            var ids = (await request.BodyAsync(ct)).Strings("definitionIds").ToList();
            // Every definition is checked before any is published.
            foreach (var id in ids)
                if (await store.FindAsync(id, VersionOptions.Latest, ct) is { } latest) privileged.EnsureAllowed(request.HttpContext.User, latest.Document);
            foreach (var id in ids)
            {
                var result = await service.PublishAsync(id, ct);
                (result is null ? notFound : result.AlreadyPublished ? already : published).Add(id);
            }

            return Results.Ok(new JsonObject { ["published"] = published, ["alreadyPublished"] = already, ["notFound"] = notFound, ["updatedConsumers"] = new JsonArray() });
        });

        api.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", async (HttpRequest request, IWorkflowDefinitionStore store, WorkflowDefinitionService service, CancellationToken ct) =>
        {
            var (retracted, already, notFound) = (new JsonArray(), new JsonArray(), new JsonArray());
            foreach (var id in (await request.BodyAsync(ct)).Strings("definitionIds"))
            {
                if (await store.FindAsync(id, VersionOptions.All, ct) is null) notFound.Add(id);
                else if (await service.RetractAsync(id, ct) is null) already.Add(id);
                else retracted.Add(id);
            }

            return Results.Ok(new JsonObject { ["retracted"] = retracted, ["alreadyRetracted"] = already, ["notFound"] = notFound });
        });

        api.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", async (HttpRequest request, WorkflowDefinitionService service, CancellationToken ct) =>
        {
            var deleted = 0;
            foreach (var id in (await request.BodyAsync(ct)).Strings("definitionIds"))
                if (await service.DeleteAsync(id, ct) > 0) deleted++;
            return Results.Ok(new { deleted });
        });

        api.MapPost("/bulk-actions/delete/workflow-definitions/by-id", async (HttpRequest request, WorkflowDefinitionService service, CancellationToken ct) =>
        {
            var deleted = 0;
            foreach (var id in (await request.BodyAsync(ct)).Strings("ids"))
                if (await service.DeleteVersionAsync(id, ct)) deleted++;
            return Results.Ok(new { deleted });
        });
        return api;
    }
}
