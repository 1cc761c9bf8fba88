namespace PostPurchase.Workflows.Activities.Core;

/// <summary>The merge itself is done by the runner (see WorkflowRunner); this activity only passes on.</summary>
[Activity("Elsa", "Branching", "Joins branches: WaitAll continues when every live branch arrived, WaitAny on the first (cancelling the others).", DisplayName = "Join")]
public sealed class FlowJoin : Activity
{
    [Input(Description = "WaitAll or WaitAny.", Options = ["WaitAll", "WaitAny"], DefaultValue = "WaitAll")]
    public Input<string> Mode { get; set; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());
}
