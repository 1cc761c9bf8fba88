namespace PostPurchase.Workflows.Activities.Core;

[Activity("Elsa", "Flow", "The workflow's entry point.", IsStart = true)]
public sealed class Start : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());
}
