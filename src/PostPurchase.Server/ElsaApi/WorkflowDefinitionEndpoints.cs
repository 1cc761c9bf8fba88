using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Server.Auth;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.ElsaApi;

/// <summary>Workflow definitions: read, list and version history, save/publish, retract, delete, execute, export/import.</summary>
public static class WorkflowDefinitionEndpoints
{
    public static RouteGroupBuilder MapWorkflowDefinitions(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", GetByDefinitionIdAsync);
        api.MapGet("/workflow-definitions/{definitionId}", GetByDefinitionIdAsync);
        api.MapGet("/workflow-definitions/by-id/{id}", async (string id, IWorkflowDefinitionStore store, CancellationToken ct) =>
            await store.FindByIdAsync(id, ct) is { } d ? Results.Ok(DefinitionJson.Full(d)) : ApiErrors.NotFound($"Workflow definition version '{id}' not found."));
        api.MapGet("/workflow-definitions", ListAsync);
        api.MapPost("/workflow-definitions", SaveAsync);
        api.MapPost("/workflow-definitions/{definitionId}/publish", async (string definitionId, HttpContext context, IWorkflowDefinitionStore store,
            PrivilegedDefinitions privileged, WorkflowDefinitionService service, CancellationToken ct) =>
        {
            if (await store.FindAsync(definitionId, VersionOptions.Latest, ct) is { } latest) privileged.EnsureAllowed(context.User, latest.Document);
            return await service.PublishAsync(definitionId, ct) is { } result ? Results.Ok(SaveResponse(result)) : NotFound(definitionId);
        });
        api.MapPost("/workflow-definitions/{definitionId}/retract", RetractAsync);
        api.MapDelete("/workflow-definitions/{definitionId}", async (string definitionId, WorkflowDefinitionService service, CancellationToken ct) =>
            await service.DeleteAsync(definitionId, ct) > 0 ? Results.NoContent() : NotFound(definitionId));
        api.MapDelete("/workflow-definition-versions/{id}", async (string id, WorkflowDefinitionService service, CancellationToken ct) =>
            await service.DeleteVersionAsync(id, ct) ? Results.NoContent() : ApiErrors.NotFound($"Workflow definition version '{id}' not found."));
        api.MapGet("/workflow-definitions/validation/is-name-unique", IsNameUniqueAsync);
        api.MapPost("/workflow-definitions/{definitionId}/execute", ExecuteAsync);
        api.MapPost("/workflow-definitions/{definitionId}/revert/{version:int}", RevertAsync);
        api.MapGet("/workflow-definitions/{definitionId}/export", ExportAsync);
        api.MapPost("/workflow-definitions/import", async (HttpRequest request, PrivilegedDefinitions privileged, WorkflowDefinitionService service, CancellationToken ct) =>
        {
            var model = await request.BodyAsync(ct);
            privileged.EnsureAllowed(request.HttpContext.User, model);
            return Results.Ok(DefinitionJson.Full(await ImportAsync(model, service, ct)));
        });
        api.MapPost("/workflow-definitions/import-files", ImportFilesAsync).DisableAntiforgery();
        return api;
    }

    private static async Task<IResult> GetByDefinitionIdAsync(string definitionId, HttpRequest request, IWorkflowDefinitionStore store, CancellationToken ct)
    {
        var options = ApiQuery.Versions(request.Text("versionOptions"), VersionOptions.Latest);
        var definition = await store.FindAsync(definitionId, options, ct);
        return definition is null ? NotFound(definitionId) : Results.Ok(DefinitionJson.Full(definition));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IWorkflowDefinitionStore store, CancellationToken ct)
    {
        var definitionIds = request.List("DefinitionIds").Concat(request.List("DefinitionId")).ToList();
        var ids = request.List("Ids");
        var query = new DefinitionQuery
        {
            VersionOptions = ApiQuery.Versions(request.Query.ContainsKey("versionOptions") ? request.Text("versionOptions") ?? "" : null, VersionOptions.Latest),
            DefinitionIds = definitionIds.Count > 0 ? definitionIds : null,
            VersionIds = ids.Count > 0 ? ids : null,
            SearchTerm = request.Text("SearchTerm"),
        };
        IEnumerable<WorkflowDefinition> items = await store.ListAsync(query, ct);
        if (request.Bool("IsSystem") == true) items = [];

        var descending = string.Equals(request.Text("OrderDirection"), "Descending", StringComparison.OrdinalIgnoreCase);
        Func<WorkflowDefinition, object> key = request.Text("OrderBy")?.ToLowerInvariant() switch
        {
            "name" => d => d.Name,
            "version" => d => d.Version,
            null or "created" => d => d.CreatedAt,
            var other => throw new BadRequestException("OrderBy", $"Unknown OrderBy '{other}'; use Created, Name or Version."),
        };
        var sorted = (descending ? items.OrderByDescending(key) : items.OrderBy(key)).ThenBy(d => d.DefinitionId, StringComparer.Ordinal).ToList();

        var pageSize = request.Int("PageSize", int.MaxValue, min: 1);
        var page = request.Int("Page", 0);
        var pageItems = request.Text("PageSize") is null ? sorted : sorted.Skip((int)Math.Min(int.MaxValue, (long)page * pageSize)).Take(pageSize).ToList();
        return Results.Ok(new JsonObject
        {
            ["items"] = new JsonArray(pageItems.Select(d => (JsonNode)DefinitionJson.Summary(d)).ToArray()),
            ["totalCount"] = sorted.Count,
            ["links"] = new JsonArray(DefinitionJson.Link("/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST")),
        });
    }

    private static async Task<IResult> SaveAsync(HttpRequest request, PrivilegedDefinitions privileged, WorkflowDefinitionService service, CancellationToken ct)
    {
        var body = await request.BodyAsync(ct);
        if (body.Find("model") is not JsonObject model)
            throw new BadRequestException("model", "The request needs a 'model' object with the workflow definition.");
        privileged.EnsureAllowed(request.HttpContext.User, model);
        var result = await service.SaveAsync((JsonObject)model.DeepClone(), body.Boolean("publish") ?? false, ct);
        return Results.Ok(SaveResponse(result));
    }

    private static async Task<IResult> RetractAsync(string definitionId, IWorkflowDefinitionStore store, WorkflowDefinitionService service, CancellationToken ct)
    {
        if (await store.FindAsync(definitionId, VersionOptions.All, ct) is null) return NotFound(definitionId);
        var retracted = await service.RetractAsync(definitionId, ct);
        return retracted is null
            ? ApiErrors.BadRequest("definitionId", $"Workflow definition '{definitionId}' has no published version to retract.")
            : Results.Ok(DefinitionJson.Full(retracted));
    }

    private static async Task<IResult> IsNameUniqueAsync(HttpRequest request, IWorkflowDefinitionStore store, CancellationToken ct)
    {
        var name = request.Text("name")?.Trim() ?? throw new BadRequestException("name", "A name is required.");
        var definitionId = request.Text("definitionId");
        var all = await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.All }, ct);
        var taken = all.Any(d => d.DefinitionId != definitionId && string.Equals(d.Name.Trim(), name, StringComparison.OrdinalIgnoreCase));
        return Results.Ok(new { isUnique = !taken });
    }

    /// <summary>The editor's Run button: starts the chosen version (default Latest, so drafts can be tried) and answers with the instance id header.</summary>
    private static async Task<IResult> ExecuteAsync(string definitionId, HttpContext context, IWorkflowDefinitionStore store, DefinitionValidator validator, WorkflowRuntime runtime, CancellationToken ct)
    {
        var body = await context.Request.BodyAsync(ct);
        var options = ApiQuery.Versions(body.String("versionOptions") ?? context.Request.Text("versionOptions"), VersionOptions.Latest);
        var definition = await store.FindAsync(definitionId, options, ct);
        if (definition is null) return NotFound(definitionId);

        var errors = validator.Validate(definition.Document);
        if (errors.Count > 0)
        {
            context.Response.Headers["x-elsa-workflow-cannot-start"] = "true";
            return ApiErrors.Validation(errors);
        }

        var input = body.Find("input") as JsonObject;
        var instance = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionVersionId = definition.Id,
            Input = (JsonObject?)input?.DeepClone(),
            CorrelationId = body.String("correlationId"),
            TriggerActivityId = body.String("triggerActivityId"),
        }, ct);
        context.Response.Headers["x-elsa-workflow-instance-id"] = instance.Id;
        return Results.Ok(InstanceJson.Full(instance));
    }

    private static async Task<IResult> RevertAsync(string definitionId, int version, HttpContext context, IWorkflowDefinitionStore store,
        PrivilegedDefinitions privileged, WorkflowDefinitionService service, CancellationToken ct)
    {
        var old = await store.FindAsync(definitionId, VersionOptions.SpecificVersion(version), ct);
        if (old is null) return ApiErrors.NotFound($"Version {version} of workflow definition '{definitionId}' not found.");
        privileged.EnsureAllowed(context.User, old.Document);
        var result = await service.SaveAsync(old.ToElsaJson(), publish: false, ct);
        return Results.Ok(DefinitionJson.Summary(result.Definition));
    }

    private static async Task<IResult> ExportAsync(string definitionId, HttpRequest request, IWorkflowDefinitionStore store, CancellationToken ct)
    {
        var definition = await store.FindAsync(definitionId, ApiQuery.Versions(request.Text("versionOptions"), VersionOptions.Latest), ct);
        if (definition is null) return NotFound(definitionId);
        var json = DefinitionJson.Full(definition);
        json.Remove("links");
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var fileName = new string(definition.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()) + ".json";
        return Results.File(bytes, "application/json", fileName);
    }

    private static async Task<IResult> ImportFilesAsync(HttpRequest request, DefinitionValidator validator, PrivilegedDefinitions privileged,
        WorkflowDefinitionService service, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new BadRequestException("files", "Send the definition files as multipart/form-data field 'files'.");
        var form = await request.ReadFormAsync(ct);
        var models = new List<JsonObject>();
        foreach (var file in form.Files)
        {
            await using var stream = file.OpenReadStream();
            JsonObject model;
            try
            {
                model = await JsonNode.ParseAsync(stream, cancellationToken: ct) as JsonObject ?? throw new BadRequestException(file.FileName, "Not a JSON object.");
            }
            catch (JsonException ex)
            {
                throw new BadRequestException(file.FileName, $"Not valid JSON: {ex.Message}");
            }

            models.Add(model);
        }

        // Every file's scripts and privileges are checked before any is stored.
        foreach (var model in models) privileged.EnsureAllowed(request.HttpContext.User, model);
        foreach (var model in models) validator.EnsureExpressionsParse(model);
        foreach (var model in models) await ImportAsync(model, service, ct);
        return Results.Ok(new { count = models.Count });
    }

    /// <summary>An imported model becomes a new version of its definition (published when the file says it was).</summary>
    private static async Task<WorkflowDefinition> ImportAsync(JsonObject model, WorkflowDefinitionService service, CancellationToken ct)
    {
        if (model.Find("root") is not JsonObject) throw new BadRequestException("root", "The definition has no root activity.");
        var result = await service.SaveAsync(model, model.Boolean("isPublished") ?? false, ct);
        return result.Definition;
    }

    private static JsonObject SaveResponse(SaveResult result) => new()
    {
        ["workflowDefinition"] = DefinitionJson.Full(result.Definition),
        ["alreadyPublished"] = result.AlreadyPublished,
        ["consumingWorkflowCount"] = 0,
        ["validationErrors"] = new JsonArray(),
    };

    private static IResult NotFound(string definitionId) => ApiErrors.NotFound($"Workflow definition '{definitionId}' not found.");
}
