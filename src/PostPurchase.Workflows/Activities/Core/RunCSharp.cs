using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Expressions.CSharp;

namespace PostPurchase.Workflows.Activities.Core;

/// <summary>
/// Elsa.RunCSharp: runs a C# script (Roslyn scripting, see <see cref="CSharpEvaluator"/>) with Elsa's C# globals
/// (<c>Variables</c>, <c>Input</c>, <c>Output.From</c>, <c>Outcome.Set</c>…); its <c>return</c> value is
/// <c>Result</c>, and <c>Outcome.Set("A", "B")</c> chooses the outcomes (default Done). The script text is the Script
/// input as written (Elsa exports it as a Literal). Only when <c>Scripting__CSharp__Enabled=true</c>.
/// </summary>
[Activity("Elsa", "Scripting", "Executes C# code", DisplayName = "Run C#")]
[DynamicOutcomes]
public sealed class RunCSharp : Activity
{
    [Input(Description = "The script to run.", UIHint = UIHints.CodeEditor, Language = "csharp")]
    public Input<string> Script { get; set; } = new();

    [Input(Description = "A list of possible outcomes. Use Outcome.Set(…) in the script to choose them.", UIHint = "dynamic-outcomes")]
    public Input<string[]> PossibleOutcomes { get; set; } = new();

    [Output(Description = "The script's value.")]
    public Output<JsonNode> Result { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var script = Script.Expression?.Type is ExpressionTypes.Literal or ExpressionTypes.CSharp ? Script.Expression.Text : await context.GetAsync(Script);
        if (string.IsNullOrWhiteSpace(script)) return ActivityResult.Done();
        string[]? outcomes = null;
        var names = new Dictionary<string, object?> { [CSharpEvaluator.OutcomesCallback] = new Action<string[]>(o => outcomes = o) };
        var value = await context.EvaluateAsync(Expression.CSharp(script), nameof(Script), names);
        if (value is not null) context.Set(Result, value);
        return ActivityResult.Outcome(outcomes is { Length: > 0 } ? outcomes : [WellKnownOutcomes.Done]);
    }
}
