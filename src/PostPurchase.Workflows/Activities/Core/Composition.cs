using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Activities.Core;

/// <summary>Elsa.SetOutput: sets one of the workflow's outputs (what a parent running it as an activity receives).</summary>
[Activity("Elsa", "Composition", "Assigns a given value to a the container's output.", DisplayName = "Set Output")]
public sealed class SetOutput : Activity
{
    [Input(Description = "The name of the output to assign.")]
    public Input<string> OutputName { get; set; } = new();

    [Input(Description = "The value to assign.")]
    public Input<JsonNode> OutputValue { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var name = await context.GetAsync(OutputName);
        if (string.IsNullOrWhiteSpace(name)) throw new ActivityConfigurationException("No output name given.");
        context.WorkflowOutput[name] = (await context.GetJsonAsync(OutputValue))?.DeepClone();
        return ActivityResult.Done();
    }
}

/// <summary>Elsa.Complete: ends every path of the workflow; it finishes with the given outcomes (a parent continues on them).</summary>
[Activity("Elsa", "Composition", "Signals the current composite activity to complete itself as a whole.", IsTerminal = true)]
public sealed class Complete : Activity
{
    [Input(Description = "One outcome, or a list of outcomes, e.g. [\"Approved\"].", UIHint = "outcome-picker")]
    public Input<JsonNode> Outcomes { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var value = await context.GetJsonAsync(Outcomes);
        var outcomes = value switch
        {
            JsonArray array => array.Select(o => o is JsonValue v && v.TryGetValue(out string? s) ? s : o?.ToJsonString() ?? "Done").ToArray(),
            JsonValue v when v.TryGetValue(out string? s) && s.TrimStart().StartsWith('[') => JsonNode.Parse(s)!.AsArray().Select(o => o!.GetValue<string>()).ToArray(),
            JsonValue v when v.TryGetValue(out string? s) && s.Length > 0 => [s],
            _ => ["Done"],
        };
        return ActivityResult.CompleteWorkflow(outcomes);
    }
}

/// <summary>Elsa.Fault: faults the instance at once (no retries); the incident carries the message, code and category.</summary>
[Activity("Elsa", "Primitives", "Faults the workflow.", IsTerminal = true)]
public sealed class Fault : Activity
{
    [Input(Description = "Code to categorize the fault.")]
    public Input<string> Code { get; set; } = new();

    [Input(Description = "Category to categorize the fault. Examples: HTTP, Alteration, Azure, etc.")]
    public Input<string> Category { get; set; } = new();

    [Input(Description = "The type of fault. Examples: System, Business, Integration, etc.")]
    public Input<string> FaultType { get; set; } = new();

    [Input(Description = "The message to include with the fault.")]
    public Input<string> Message { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var message = await context.GetAsync(Message);
        var facts = new[] { ("code", await context.GetAsync(Code)), ("category", await context.GetAsync(Category)), ("type", await context.GetAsync(FaultType)) }
            .Where(f => !string.IsNullOrWhiteSpace(f.Item2)).Select(f => $"{f.Item1} {f.Item2}").ToList();
        var text = string.IsNullOrWhiteSpace(message) ? "the workflow raised a fault" : message;
        throw new WorkflowFaultException(facts.Count == 0 ? text : $"{text} ({string.Join(", ", facts)})");
    }
}

/// <summary>Elsa.SetName: renames the instance.</summary>
[Activity("Elsa", "Primitives", "Set the name of the workflow instance to a specified value.", DisplayName = "Set Name")]
public sealed class SetName : Activity
{
    [Input(Description = "The new name.")]
    public Input<string> Value { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        context.SetInstanceName(await context.GetAsync(Value) ?? "");
        return ActivityResult.Done();
    }
}

/// <summary>Elsa.Correlate: sets the instance's correlation id.</summary>
[Activity("Elsa", "Primitives", "Set the CorrelationId of the workflow to a given value.")]
public sealed class Correlate : Activity
{
    [Input(Description = "The correlation id, e.g. an order id.")]
    public Input<string> CorrelationId { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var id = await context.GetAsync(CorrelationId);
        if (string.IsNullOrWhiteSpace(id)) throw new ActivityConfigurationException("The correlation id is empty.");
        context.SetCorrelationId(id);
        return ActivityResult.Done();
    }
}
