using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

namespace PostPurchase.Workflows.Activities.Composites;

/// <summary>Reads Elsa's switch cases: <c>[{"label":"Gold","condition":{"type":"JavaScript","value":"…"},…}]</c>.</summary>
internal static class SwitchCases
{
    /// <summary>Indexes and labels of the cases whose condition is true (only the first with MatchFirst).</summary>
    public static async Task<List<(int Index, string Label)>> MatchAsync(ActivityExecutionContext context, string? mode)
    {
        var matches = new List<(int, string)>();
        var cases = context.ActivityJson["cases"] as JsonArray ?? [];
        for (var i = 0; i < cases.Count; i++)
        {
            if (cases[i] is not JsonObject c) continue;
            var label = c["label"]?.GetValue<string>() ?? $"Case {i + 1}";
            var expression = Descriptors.ActivityFactory.ReadExpression(c["condition"] is JsonObject o && !o.ContainsKey("expression") && o.ContainsKey("type")
                ? new JsonObject { ["expression"] = o.DeepClone() } : c["condition"]);
            if (expression is null) continue;
            var value = await context.EvaluateAsync(expression, $"cases[{label}]");
            if (!ValueConverter.Convert<bool>(value)) continue;
            matches.Add((i, label));
            if (!string.Equals(mode, "MatchAny", StringComparison.OrdinalIgnoreCase)) break;
        }

        return matches;
    }
}

/// <summary>Elsa.Switch: runs the activity of the first matching case (or every match with MatchAny), else <c>default</c>.</summary>
[Activity("Elsa", "Branching", "Evaluate a set of case conditions and schedule the activity for a matching case.")]
[EmbeddedPorts("Default")]
public sealed class Switch : Activity, ICompositeActivity
{
    [Input(Description = "MatchFirst or MatchAny.", Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst")]
    public Input<string> Mode { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var matches = await SwitchCases.MatchAsync(context, await context.GetAsync(Mode));
        return matches.Count == 0 ? ActivityResult.Outcome("#default") : ActivityResult.Outcome(matches.Select(m => $"#case:{m.Index}").ToArray());
    }

    public ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>Elsa.FlowSwitch: continues on the label of the first matching case (every match with MatchAny), else Default.</summary>
[Activity("Elsa", "Branching", "Evaluate a set of case conditions and schedule the activity for a matching case.", DisplayName = "Switch (flow)")]
[Outcomes("Default")]
[DynamicOutcomes]
public sealed class FlowSwitch : Activity
{
    [Input(Description = "MatchFirst or MatchAny.", Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst")]
    public Input<string> Mode { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var matches = await SwitchCases.MatchAsync(context, await context.GetAsync(Mode));
        return matches.Count == 0 ? ActivityResult.Outcome("Default") : ActivityResult.Outcome(matches.Select(m => m.Label).ToArray());
    }
}
