using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Activities.Composition;

/// <summary>
/// Runs another definition as a child instance and, when asked to, waits for it durably: an event bookmark the child's
/// completion resumes, with a periodic check of the child as a safety net (should that event ever be lost).
/// </summary>
public abstract class ChildWorkflowActivity : Activity
{
    /// <summary>How often a waiting parent looks at its child itself.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(10);

    protected async ValueTask<ActivityResult> RunChildAsync(ActivityExecutionContext context, WorkflowDefinition definition, JsonObject input, string? correlationId, bool wait)
    {
        var child = await ChildWorkflows.StartAsync(context, definition, input, correlationId, notifyParent: wait);
        context.ActivityState["childInstanceId"] = child.Id;
        context.AddJournalNote($"Started child instance {child.Id} of {definition.DefinitionId} v{definition.Version}");
        if (!wait || !child.IsActive) return await OnChildFinishedAsync(context, ChildWorkflows.Result(child), waited: wait);
        return Wait(context, child.Id);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption)
    {
        var childId = context.ActivityState["childInstanceId"]?.GetValue<string>()
            ?? throw new InvalidOperationException("The child instance id was not recorded.");
        if (resumption.Kind == ResumptionKind.Event && resumption.Payload is JsonObject result)
            return await OnChildFinishedAsync(context, result, waited: true);

        var child = await context.Services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(childId, context.CancellationToken)
            ?? throw new WorkflowFaultException($"The child instance {childId} no longer exists.");
        return child.IsActive ? Wait(context, childId) : await OnChildFinishedAsync(context, ChildWorkflows.Result(child), waited: true);
    }

    /// <summary>The child finished (or was started without waiting): set outputs and choose outcomes.</summary>
    protected abstract ValueTask<ActivityResult> OnChildFinishedAsync(ActivityExecutionContext context, JsonObject result, bool waited);

    private static ActivityResult Wait(ActivityExecutionContext context, string childId) =>
        ActivityResult.Suspend(BookmarkRequest.Event(ChildWorkflows.FinishedEvent(childId), context.Now + CheckInterval));
}
