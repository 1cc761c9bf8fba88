using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Activities.Composition;

/// <summary>
/// A definition used as an activity (its type is the definition's PascalCase name, see
/// <see cref="WorkflowDefinitionActivities"/>): runs it as a child instance with the declared inputs evaluated from
/// this activity's JSON, waits for it, then sets its outputs and continues on the outcomes it completed with (Done
/// when it names none).
/// </summary>
[Activity("Elsa", "Workflows", "Runs a workflow definition that is usable as an activity.", IsBrowsable = false)]
[DynamicOutcomes]
public sealed class WorkflowDefinitionActivity : ChildWorkflowActivity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var store = context.Services.GetRequiredService<IWorkflowDefinitionStore>();
        var definition = await WorkflowDefinitionActivities.ResolveAsync(store, context.ActivityJson, context.CancellationToken)
            ?? throw new ActivityConfigurationException($"The workflow definition '{context.ActivityJson["workflowDefinitionId"]}' it uses does not exist.");
        var input = new JsonObject();
        foreach (var declared in definition.Document["inputs"] as JsonArray ?? [])
        {
            if (declared?["name"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name)) continue;
            var expression = ActivityFactory.ReadExpression(WorkflowDefinitionActivities.InputJson(context.ActivityJson, name));
            if (expression is not null) input[name] = await context.EvaluateAsync(expression, name);
        }

        return await RunChildAsync(context, definition, input, context.CorrelationId, wait: true);
    }

    protected override ValueTask<ActivityResult> OnChildFinishedAsync(ActivityExecutionContext context, JsonObject result, bool waited)
    {
        ChildWorkflows.EnsureFinished(result, $"Workflow '{context.ActivityType}'");
        foreach (var (name, value) in result["output"] as JsonObject ?? [])
            context.SetOutput(WorkflowDefinitionActivities.SafePropertyName(name), value);
        var outcomes = (result["outcomes"] as JsonArray ?? []).Select(o => o?.GetValue<string>()).OfType<string>().ToArray();
        return ValueTask.FromResult(ActivityResult.Outcome(outcomes.Length == 0 ? [WellKnownOutcomes.Done] : outcomes));
    }
}
