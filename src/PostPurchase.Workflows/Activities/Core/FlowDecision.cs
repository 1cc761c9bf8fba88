namespace PostPurchase.Workflows.Activities.Core;

[Activity("Elsa", "Branching", "Evaluates a condition and continues on True or False.", DisplayName = "Decision")]
[Outcomes("True", "False")]
public sealed class FlowDecision : Activity
{
    [Input(Description = "The condition, e.g. a JavaScript expression such as Purchase.totalMinor > 10000.", DefaultSyntax = "JavaScript")]
    public Input<bool> Condition { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ActivityResult.Outcome(await context.GetAsync(Condition) ? "True" : "False");
}
