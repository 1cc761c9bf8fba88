using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Instances;

/// <summary>Automation API for instances (API key): read one, cancel it, retry a faulted one from the failed activity.</summary>
public static class InstanceEndpoints
{
    public static IEndpointRouteBuilder MapInstanceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instances").AddEndpointFilter<ApiKeyFilter>();

        group.MapGet("/{id}", async (string id, IWorkflowInstanceStore instances, CancellationToken ct) =>
            await instances.FindAsync(id, ct) is { } instance ? Results.Ok(instance) : Results.NotFound());

        group.MapPost("/{id}/retry", async (string id, IWorkflowInstanceStore instances, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            if (await instances.FindAsync(id, ct) is null) return Results.NotFound();
            return await runtime.RetryAsync(id, ct)
                ? Results.Ok(await instances.FindAsync(id, ct))
                : Results.Conflict(new { message = "The instance is not faulted." });
        });

        group.MapPost("/{id}/cancel", async (string id, IWorkflowInstanceStore instances, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            if (await instances.FindAsync(id, ct) is null) return Results.NotFound();
            return await runtime.CancelAsync(id, "cancelled through the API", ct)
                ? Results.Ok(await instances.FindAsync(id, ct))
                : Results.Conflict(new { message = "The instance has already ended." });
        });
        return app;
    }
}
