namespace PostPurchase.Workflows.Activities.Core;

[Activity("Elsa", "Flow", "Ends this path of the workflow.", IsTerminal = true)]
public sealed class End : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.End());
}
