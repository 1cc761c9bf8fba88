using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Activities.Composition;

/// <summary>Shared inputs of Elsa.ExecuteWorkflow and Elsa.DispatchWorkflow: the published version of a definition, by id.</summary>
public abstract class StartWorkflowActivity : ChildWorkflowActivity
{
    [Input(Description = "The definition id of the workflow to run (its published version).")]
    public Input<string> WorkflowDefinitionId { get; set; } = new();

    [Input(Description = "The child's correlation id (empty: none).")]
    public Input<string> CorrelationId { get; set; } = new();

    [Input(Description = "The child's input, an object of named values.", UIHint = UIHints.JsonEditor)]
    public Input<JsonNode> Input { get; set; } = new();

    [Input(Description = "Wait until the child finishes before continuing.")]
    public Input<bool> WaitForCompletion { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var definitionId = await context.GetAsync(WorkflowDefinitionId);
        if (string.IsNullOrWhiteSpace(definitionId)) throw new ActivityConfigurationException("No workflow definition id given.");
        var definition = await context.Services.GetRequiredService<IWorkflowDefinitionStore>().FindAsync(definitionId, VersionOptions.Published, context.CancellationToken)
            ?? throw new ActivityConfigurationException($"Workflow definition '{definitionId}' has no published version.");
        var input = await context.GetJsonAsync(Input) switch
        {
            JsonObject o => (JsonObject)o.DeepClone(),
            JsonValue v when v.TryGetValue(out string? text) && text.TrimStart().StartsWith('{') => JsonNode.Parse(text)!.AsObject(),
            null => new JsonObject(),
            var other => throw new ActivityConfigurationException($"The input must be an object, not {other.ToJsonString()}."),
        };
        var correlationId = await context.GetAsync(CorrelationId);
        return await RunChildAsync(context, definition, input, string.IsNullOrWhiteSpace(correlationId) ? null : correlationId, await context.GetAsync(WaitForCompletion));
    }
}

/// <summary>Elsa.ExecuteWorkflow: <c>Result</c> is <c>{workflowInstanceId, status, subStatus, output, …}</c> of the child.</summary>
[Activity("Elsa", "Composition", "Create a new workflow instance of the specified workflow and execute it.", Kind = ActivityKind.Task)]
public sealed class ExecuteWorkflow : StartWorkflowActivity
{
    [Output(Description = "The child's instance id, status and output.")]
    public Output<JsonNode> Result { get; set; } = new();

    protected override ValueTask<ActivityResult> OnChildFinishedAsync(ActivityExecutionContext context, JsonObject result, bool waited)
    {
        context.Set(Result, result);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>Elsa.DispatchWorkflow: <c>Result</c> is the child's output when waited for.</summary>
[Activity("Elsa", "Composition", "Create a new workflow instance of the specified workflow and dispatch it for execution.")]
public sealed class DispatchWorkflow : StartWorkflowActivity
{
    [Output(Description = "The child's output (when waited for).")]
    public Output<JsonNode> Result { get; set; } = new();

    protected override ValueTask<ActivityResult> OnChildFinishedAsync(ActivityExecutionContext context, JsonObject result, bool waited)
    {
        if (waited) context.Set(Result, result["output"]!.DeepClone());
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
