using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Engagement.Experiments;

/// <summary>
/// An A/B(/C) test: sends each journey down one branch by percentage, the same branch for the same customer every time
/// (sticky by email, else provider customer id, else correlation id). A hold-out branch usually leads nowhere, which
/// measures what the messages add. The branch is recorded on the instance and in the journey report.
/// </summary>
[Activity("PostPurchase", "Experiments", "Splits journeys at random into branches by percentage, sticky per customer (A/B tests, hold-out groups).", DisplayName = "Split")]
[Outcomes("A", "B", "C", "Holdout")]
public sealed class Split : Activity
{
    [Input(Description = "The experiment's name; customers are split independently per experiment. Empty: this step's id.", Order = 1)]
    public Input<string> Experiment { get; set; } = new();

    [Input(DisplayName = "A %", Description = "Share of customers sent to A.", DefaultValue = 50, Order = 2)]
    public Input<int?> PercentA { get; set; } = new();

    [Input(DisplayName = "B %", Description = "Share of customers sent to B.", DefaultValue = 50, Order = 3)]
    public Input<int?> PercentB { get; set; } = new();

    [Input(DisplayName = "C %", Description = "Share of customers sent to C.", DefaultValue = 0, Order = 4)]
    public Input<int?> PercentC { get; set; } = new();

    [Input(DisplayName = "Hold-out %", Description = "Share of customers sent to Holdout (usually: no message at all).", DefaultValue = 0, Order = 5)]
    public Input<int?> PercentHoldout { get; set; } = new();

    [Input(DisplayName = "A name", Description = "Name of branch A in reports, e.g. ai.", Order = 6)]
    public Input<string> NameA { get; set; } = new();

    [Input(DisplayName = "B name", Description = "Name of branch B in reports, e.g. static.", Order = 7)]
    public Input<string> NameB { get; set; } = new();

    [Input(DisplayName = "C name", Description = "Name of branch C in reports.", Order = 8)]
    public Input<string> NameC { get; set; } = new();

    [Output(Description = "The name of the branch this journey took.")]
    public Output<string> Branch { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var branches = new List<SplitBranch>
        {
            new("A", await NameAsync(context, NameA, "A"), await PercentAsync(context, PercentA, 50)),
            new("B", await NameAsync(context, NameB, "B"), await PercentAsync(context, PercentB, 50)),
            new("C", await NameAsync(context, NameC, "C"), await PercentAsync(context, PercentC, 0)),
            new("Holdout", "holdout", await PercentAsync(context, PercentHoldout, 0)),
        };
        var total = branches.Sum(b => b.Percent);
        if (total != 100 || branches.Any(b => b.Percent is < 0 or > 100))
            throw new ActivityConfigurationException($"Split '{context.ActivityName}': the percentages ({string.Join(" + ", branches.Select(b => b.Percent))}) must each be 0–100 and add up to 100, not {total}.");

        var experiment = (await context.GetAsync(Experiment))?.Trim() is { Length: > 0 } name ? name : $"{context.DefinitionId}:{context.ActivityId}";
        var branch = SplitBuckets.Assign(experiment, CustomerKey(context), branches);
        context.Set(Branch, branch.Label);
        context.InstanceProperties[$"split:{context.ActivityId}"] = branch.Label;
        context.RecordEvent(JourneyEventKinds.SplitAssigned, detail: branch.Label);
        context.AddJournalNote($"Split '{experiment}': branch {branch.Label} ({branch.Outcome}, {branch.Percent} %)");
        return ActivityResult.Outcome(branch.Outcome);
    }

    private static string CustomerKey(ActivityExecutionContext context)
    {
        var purchase = PurchaseInput.From(context);
        return (purchase is null ? null : CustomerKeys.Email(purchase) ?? CustomerKeys.ProviderCustomer(purchase))
            ?? context.CorrelationId
            ?? context.WorkflowInstanceId;
    }

    private static async Task<int> PercentAsync(ActivityExecutionContext context, Input<int?> input, int fallback) =>
        input.Expression is null ? fallback : await context.GetAsync(input) ?? fallback;

    private static async Task<string> NameAsync(ActivityExecutionContext context, Input<string> input, string fallback) =>
        (await context.GetAsync(input))?.Trim() is { Length: > 0 } name ? name : fallback;
}
