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
public sealed class ForEach : Activity, ICompositeActivity
{
    [Input(Description = "The set of values to iterate, e.g. a JavaScript array.", UIHint = UIHints.MultiText)]
    public Input<JsonNode> Items { get; set; } = new();

    [Output(Description = "The current item.")]
    public Output<JsonNode> CurrentValue { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        context.ActivityState["items"] = await ReadItemsAsync(context, Items);
        context.ActivityState["index"] = 0;
        return Next(context);
    }

    /// <summary>Elsa's items: an array, a comma-separated text, or a single value.</summary>
    internal static async ValueTask<JsonArray> ReadItemsAsync(ActivityExecutionContext context, Input<JsonNode> items) => await context.GetAsync(items) switch
    {
        JsonArray array => array,
        null => new JsonArray(),
        JsonValue v when v.TryGetValue(out string? text) => new JsonArray(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => (JsonNode)t).ToArray()),
        var single => new JsonArray(single.DeepClone()),
    };

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
/// Elsa.ParallelForEach: schedules <c>body</c> for every item at once; each iteration runs on its own token with its own
/// <c>CurrentValue</c>/<c>CurrentIndex</c> (see <c>IterationScopes</c>), may wait on its own bookmarks independently of
/// the others, and the loop completes when every iteration has (or at once on Elsa.Break). The count of finished
/// iterations lives in the activity's state and each waiting iteration's bookmark carries its scope, so a restart
/// resumes every iteration where it was.
/// </summary>
[Activity("Elsa", "Looping", "Schedule an activity for each item in parallel.", DisplayName = "Parallel For Each")]
[EmbeddedPorts("Body")]
public sealed class ParallelForEach : Activity, ICompositeActivity
{
    /// <summary>The completion's outcome while iterations are still running: a port nothing is connected to.</summary>
    private const string Pending = "#pending";

    [Input(Description = "The set of values to iterate, e.g. a JavaScript array.", UIHint = UIHints.MultiText)]
    public Input<JsonNode> Items { get; set; } = new();

    [Output(Description = "The current item (of the iteration that reads it).")]
    public Output<JsonNode> CurrentValue { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var items = await ForEach.ReadItemsAsync(context, Items);
        context.ActivityState["items"] = items;
        context.ActivityState["completed"] = 0;
        return items.Count == 0 ? ActivityResult.Done() : ActivityResult.Outcome(Enumerable.Range(0, items.Count).Select(i => $"#body@{i}").ToArray());
    }

    public ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context)
    {
        if (context.ActivityState[CompositeSignals.Breaking]?.GetValue<bool>() == true) return ValueTask.FromResult(ActivityResult.Done());
        var completed = (context.ActivityState["completed"]?.GetValue<int>() ?? 0) + 1;
        context.ActivityState["completed"] = completed;
        var total = (context.ActivityState["items"] as JsonArray)?.Count ?? 0;
        return ValueTask.FromResult(completed >= total ? ActivityResult.Done() : ActivityResult.Outcome(Pending));
    }
}

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
