using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Activities.Core;

[Activity("Elsa", "Primitives", "Sets a workflow variable.", DisplayName = "Set Variable")]
public sealed class SetVariable : Activity
{
    /// <summary>Unwrapped in Elsa's JSON: <c>{"id":"…","name":"Counter","typeName":"Int32"}</c>.</summary>
    [Input(Description = "The variable to set.", UIHint = UIHints.VariablePicker)]
    public Input<JsonObject> Variable { get; set; } = new();

    [Input(Description = "The value (any syntax).")]
    public Input<JsonNode> Value { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var variable = await context.GetAsync(Variable) ?? throw new InvalidOperationException("No variable chosen.");
        var name = variable["name"]?.GetValue<string>() ?? variable["id"]?.GetValue<string>() ?? throw new InvalidOperationException("The variable has no name.");
        context.SetVariable(name, await context.GetAsync(Value));
        return ActivityResult.Done();
    }
}
