namespace PostPurchase.Workflows.Activities.Composites;

/// <summary>Elsa.Flowchart: as the root or nested; the engine lays out its activities and connections.</summary>
[Activity("Elsa", "Flow", "A flowchart of activities connected by their outcomes.", IsContainer = true, IsBrowsable = false)]
public sealed class Flowchart : Activity, ICompositeActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome("#start"));

    public ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>Elsa.Sequence: runs its <c>activities</c> one after the other.</summary>
[Activity("Elsa", "Workflows", "Execute a set of activities in sequence.", IsContainer = true)]
public sealed class Sequence : Activity, ICompositeActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome("#start"));

    public ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>Elsa.FlowNode: a container that runs its <c>body</c>, then continues.</summary>
[Activity("Elsa", "Flow", "A simple container that executes the specified activity.", DisplayName = "Container", IsContainer = true)]
[EmbeddedPorts("Body")]
public sealed class FlowNode : Activity, ICompositeActivity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome("#body"));

    public ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>Elsa.If: runs <c>then</c> or <c>else</c> by the condition, then completes with Done.</summary>
[Activity("Elsa", "Branching", "Evaluate a Boolean condition to determine which activity to execute next.")]
[EmbeddedPorts("Then", "Else")]
public sealed class If : Activity, ICompositeActivity
{
    [Input(Description = "The condition, e.g. a JavaScript expression.", DefaultSyntax = "JavaScript")]
    public Input<bool> Condition { get; set; } = new();

    [Output(Description = "The condition's value.")]
    public Output<bool> Result { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var condition = await context.GetAsync(Condition);
        context.Set(Result, condition);
        return ActivityResult.Outcome(condition ? "#then" : "#else");
    }

    public ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>
/// Elsa.Fork: runs every branch at once; <c>joinMode</c> WaitAll completes when all are done, WaitAny when the first
/// is (the others are cancelled).
/// </summary>
[Activity("Elsa", "Control Flow", "Branch execution into multiple branches.", IsContainer = true)]
public sealed class Fork : Activity, ICompositeActivity
{
    [Input(Description = "WaitAll or WaitAny.", Options = ["WaitAll", "WaitAny"], DefaultValue = "WaitAll")]
    public Input<string> JoinMode { get; set; } = new();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var count = (context.ActivityJson["branches"] as System.Text.Json.Nodes.JsonArray)?.Count ?? 0;
        return ValueTask.FromResult(count == 0
            ? ActivityResult.Outcome("#empty")
            : ActivityResult.Outcome(Enumerable.Range(0, count).Select(i => $"#branch:{i}").ToArray()));
    }

    public ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());
}
