namespace PostPurchase.Workflows.Activities.Core;

[Activity("Elsa", "Branching", "Continues on every named branch at once.", DisplayName = "Fork")]
[DynamicOutcomes]
public sealed class FlowFork : Activity
{
    [Input(Description = "The branch names; each becomes an outcome port.", UIHint = "dynamic-outcomes")]
    public Input<string[]> Branches { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var branches = await context.GetAsync(Branches) ?? [];
        return branches.Length == 0 ? ActivityResult.Done() : ActivityResult.Outcome(branches);
    }
}
