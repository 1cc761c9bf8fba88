using System.Text.Json.Nodes;
using PostPurchase.Workflows.Runtime;

namespace PostPurchase.Workflows.Activities.Composites;

/// <summary>
/// Elsa.ForEach: runs <c>body</c> once per item, one after the other, with <c>CurrentValue</c> set (and the variables
/// <c>CurrentValue</c> and <c>CurrentIndex</c>); Elsa.Break in the body ends the loop. Items and position live in the
/// activity's state, so a body that waits resumes the loop where it was after a restart.
/// </summary>
[Activity("Elsa", "Looping", "Iterate over a set of values.", DisplayName = "For Each")]
[EmbeddedPorts("Body")]
public class ForEach : Activity, ICompositeActivity
{
    [Input(Description = "The set of values to iterate, e.g. a JavaScript array.", UIHint = UIHints.MultiText)]
    public Input<JsonNode> Items { get; set; } = new();

    [Output(Description = "The current item.")]
    public Output<JsonNode> CurrentValue { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var items = await context.GetAsync(Items) switch
        {
            JsonArray array => array,
            null => new JsonArray(),
            JsonValue v when v.TryGetValue(out string? text) => new JsonArray(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => (JsonNode)t).ToArray()),
            var single => new JsonArray(single.DeepClone()),
        };
        context.ActivityState["items"] = items;
        context.ActivityState["index"] = 0;
        return Next(context);
    }

    public ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context)
    {
        if (context.ActivityState[CompositeSignals.Breaking]?.GetValue<bool>() == true) return ValueTask.FromResult(ActivityResult.Done());
        context.ActivityState["index"] = (context.ActivityState["index"]?.GetValue<int>() ?? 0) + 1;
        return ValueTask.FromResult(Next(context));
    }

    private ActivityResult Next(ActivityExecutionContext context)
    {
        var items = context.ActivityState["items"] as JsonArray ?? [];
        var index = context.ActivityState["index"]?.GetValue<int>() ?? 0;
        if (index >= items.Count) return ActivityResult.Done();
        var current = items[index]?.DeepClone();
        context.Set(CurrentValue, current!);
        context.SetVariable("CurrentValue", current);
        context.SetVariable("CurrentIndex", index);
        return ActivityResult.Outcome("#body");
    }
}

/// <summary>
/// Elsa.ParallelForEach. Here the iterations run one after the other (each may wait); the outcome is the same as
/// Elsa's when iterations do not depend on running at the same time.
/// </summary>
[Activity("Elsa", "Looping", "Schedule an activity for each item (iterations run one after the other here).", DisplayName = "Parallel For Each")]
[EmbeddedPorts("Body")]
public sealed class ParallelForEach : ForEach;

/// <summary>Elsa.While: runs <c>body</c> while the condition holds (checked before each iteration); Elsa.Break ends it.</summary>
[Activity("Elsa", "Looping", "Execute an activity while a given condition evaluates to true.")]
[EmbeddedPorts("Body")]
public sealed class While : Activity, ICompositeActivity
{
    [Input(Description = "Checked before every iteration.", DefaultSyntax = "JavaScript")]
    public Input<bool> Condition { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        await context.GetAsync(Condition) ? ActivityResult.Outcome("#body") : ActivityResult.Done();

    public async ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context)
    {
        if (context.ActivityState[CompositeSignals.Breaking]?.GetValue<bool>() == true) return ActivityResult.Done();
        return await ExecuteAsync(context);
    }
}

/// <summary>Elsa.Break: ends the nearest enclosing loop (ForEach, ParallelForEach, While).</summary>
[Activity("Elsa", "Looping", "Break out of a loop.", IsTerminal = true)]
public sealed class Break : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Break());
}
