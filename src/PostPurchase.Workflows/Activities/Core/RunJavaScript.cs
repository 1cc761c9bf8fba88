using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Activities.Core;

/// <summary>
/// Elsa.RunJavaScript: runs a script on the engine's JavaScript evaluator (same names as any JavaScript expression);
/// its last value (or <c>return</c> value) is <c>Result</c>. <c>setOutcome(name)</c> / <c>setOutcomes([…])</c> choose
/// the outcomes (default Done).
/// </summary>
[Activity("Elsa", "Scripting", "Executes JavaScript code", DisplayName = "Run JavaScript")]
[DynamicOutcomes]
public sealed class RunJavaScript : Activity
{
    [Input(Description = "The script to run.", UIHint = UIHints.CodeEditor)]
    public Input<string> Script { get; set; } = new();

    [Input(Description = "A list of possible outcomes.", UIHint = "dynamic-outcomes")]
    public Input<string[]> PossibleOutcomes { get; set; } = new();

    [Output(Description = "The script's value.")]
    public Output<JsonNode> Result { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var script = await context.GetAsync(Script);
        if (string.IsNullOrWhiteSpace(script)) return ActivityResult.Done();
        string[]? outcomes = null;
        var names = new Dictionary<string, object?>
        {
            ["setOutcome"] = new Action<string>(o => outcomes = [o]),
            ["setOutcomes"] = new Action<object[]>(o => outcomes = o.Select(x => x?.ToString() ?? "").ToArray()),
        };
        var value = await context.EvaluateAsync(Expression.JavaScript(script), nameof(Script), names);
        if (value is not null) context.Set(Result, value);
        return ActivityResult.Outcome(outcomes is { Length: > 0 } ? outcomes : [WellKnownOutcomes.Done]);
    }
}
