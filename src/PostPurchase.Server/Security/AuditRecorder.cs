using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Patterns;
using PostPurchase.Persistence.Security;
using PostPurchase.Server.Auth;

namespace PostPurchase.Server.Security;

/// <summary>
/// Records every successful change a signed-in person or API key makes, on any endpoint (present or future): a request
/// whose method is not a read, that was authorised for a principal and answered 2xx, and whose endpoint is not marked
/// read-only (<see cref="RoleAccess.AllowViewers{TBuilder}"/>). Who (user or <c>api-key-N</c>), when (real time), what
/// (a named action such as <c>definition.publish</c>, else method and route), target and version. Endpoints can state
/// target, version and detail with <see cref="Describe"/>; Elsa API results are read by <see cref="AuditDetailsFilter"/>.
/// </summary>
public sealed class AuditRecorder(RequestDelegate next, AuditTrail trail, ILogger<AuditRecorder> logger)
{
    private const string DetailsKey = "postpurchase.audit-details";

    private static readonly (string Method, string RouteEnd, string Action)[] Actions =
    [
        ("POST", "/workflow-definitions", "definition.save"),
        ("POST", "/workflow-definitions/{definitionId}/publish", "definition.publish"),
        ("POST", "/workflow-definitions/{definitionId}/retract", "definition.retract"),
        ("DELETE", "/workflow-definitions/{definitionId}", "definition.delete"),
        ("DELETE", "/workflow-definition-versions/{id}", "definition.delete-version"),
        ("POST", "/workflow-definitions/import", "definition.import"),
        ("POST", "/workflow-definitions/import-files", "definition.import"),
        ("POST", "/workflow-definitions/{definitionId}/revert/{version:int}", "definition.revert"),
        ("POST", "/workflow-definitions/{definitionId}/execute", "definition.execute"),
        ("POST", "/bulk-actions/publish/workflow-definitions/by-definition-ids", "definition.bulk-publish"),
        ("POST", "/bulk-actions/retract/workflow-definitions/by-definition-ids", "definition.bulk-retract"),
        ("POST", "/bulk-actions/delete/workflow-definitions/by-definition-id", "definition.bulk-delete"),
        ("POST", "/bulk-actions/delete/workflow-definitions/by-id", "definition.bulk-delete"),
        ("POST", "/cancel/workflow-instances/{id}", "instance.cancel"),
        ("POST", "/api/instances/{id}/cancel", "instance.cancel"),
        ("POST", "/api/instances/{id}/retry", "instance.retry"),
        ("DELETE", "/workflow-instances/{id}", "instance.delete"),
        ("POST", "/bulk-actions/delete/workflow-instances/by-id", "instance.bulk-delete"),
        ("POST", "/bulk-actions/cancel/workflow-instances", "instance.bulk-cancel"),
        ("POST", "/api/simulations", "simulation.run"),
    ];

    /// <summary>What an endpoint wants recorded for this request (any argument left null is derived).</summary>
    public static void Describe(HttpContext context, string? action = null, string? target = null, int? version = null, string? detail = null)
    {
        var previous = context.Items[DetailsKey] as Details;
        context.Items[DetailsKey] = new Details(action ?? previous?.Action, target ?? previous?.Target, version ?? previous?.Version, detail ?? previous?.Detail);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return;
        if (context.Response.StatusCode is < 200 or > 299 || context.User.Identity?.IsAuthenticated != true) return;
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetOrderedMetadata<RequiredRole>() is { Count: > 0 } roles && roles[^1].Role == StudioRoles.Viewer && context.Items[DetailsKey] is null) return;

        var described = context.Items[DetailsKey] as Details;
        var pattern = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var action = described?.Action ?? Actions.FirstOrDefault(a => a.Method == method && pattern.EndsWith(a.RouteEnd, StringComparison.Ordinal)).Action ?? $"{method} {pattern}";
        var routeValues = context.Request.RouteValues;
        var target = described?.Target ?? (routeValues["definitionId"] ?? routeValues["id"])?.ToString() ?? context.Request.Path.Value ?? "";
        var version = described?.Version ?? (int.TryParse(routeValues["version"]?.ToString(), out var v) ? v : null);
        if (action == "definition.save" && described?.Detail == "published") action = "definition.publish";
        try
        {
            await trail.RecordAsync(TimeProvider.System.GetUtcNow(), context.User.Identity!.Name ?? "unknown", action, target, version, described?.Detail, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Audit entry for {Action} on {Target} by {Actor} could not be stored", action, target, context.User.Identity!.Name);
        }
    }

    private sealed record Details(string? Action, string? Target, int? Version, string? Detail);
}

/// <summary>Reads the target definition and version from Elsa API results (definition JSON or a save response).</summary>
public sealed class AuditDetailsFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (result is IValueHttpResult { Value: JsonObject json })
        {
            var definition = json["workflowDefinition"] as JsonObject ?? json;
            var id = definition["definitionId"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? definition["definitionId"]!.GetValue<string>() : null;
            var version = definition["version"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number ? definition["version"]!.GetValue<int>() : (int?)null;
            var published = definition["isPublished"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            if (id is not null || version is not null)
                AuditRecorder.Describe(context.HttpContext, target: id, version: version, detail: published ? "published" : null);
        }

        return result;
    }
}
