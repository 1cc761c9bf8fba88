using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Definitions;

/// <summary>An activity of a flowchart as stored in the definition JSON.</summary>
public sealed class ActivityNode
{
    public required string Id { get; init; }
    public required string NodeId { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public int Version { get; init; } = 1;

    /// <summary>The activity's JSON object (inputs are properties named by camel-casing the input name).</summary>
    public required JsonObject Json { get; init; }

    public bool CanStartWorkflow =>
        Json["customProperties"]?["canStartWorkflow"]?.GetValueKind() == System.Text.Json.JsonValueKind.True
        || Json["canStartWorkflow"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>Elsa's export says <c>canStartWorkflow: false</c> (the designer's "Trigger workflow" unticked).</summary>
    public bool IsMarkedNotStarting =>
        Json["customProperties"]?["canStartWorkflow"]?.GetValueKind() == System.Text.Json.JsonValueKind.False
        || Json["canStartWorkflow"]?.GetValueKind() == System.Text.Json.JsonValueKind.False;

    /// <summary>Ids of the composite activities (sequence, nested flowchart, loop…) this activity sits in, outermost first.</summary>
    public IReadOnlyList<string> Ancestors { get; init; } = [];

    /// <summary>
    /// Set on the synthetic node that runs when a composite's children are done (<c>{id}#done</c>): the composite
    /// itself. It runs the composite's <c>OnChildCompletedAsync</c> and its outbound connections are the composite's.
    /// </summary>
    public ActivityNode? CompletionOf { get; init; }

    /// <summary>Elsa's per-activity merge mode (<c>customProperties.mergeMode</c>): "Stream" fires on every arrival.</summary>
    public string? MergeMode => Json["customProperties"]?["mergeMode"]?.GetValue<string>();
}

/// <summary>
/// A flowchart connection: from an activity's outcome port to another activity. Connections the engine adds to lay
/// out composites use ports starting with '#' (a composite scheduling a child), <see cref="AnyOutcome"/> (the next
/// activity of a sequence) or <see cref="Unmatched"/> (a path of a nested flowchart ending). A <see cref="Direct"/>
/// connection schedules its target at once, without waiting for the target's other inbound paths.
/// </summary>
public sealed record Connection(string Source, string SourcePort, string Target, string TargetPort, bool Direct = false)
{
    /// <summary>Followed on any completion of the source, whatever its outcomes.</summary>
    public const string AnyOutcome = "#any";

    /// <summary>Followed when the source completed and none of its outcomes matched another connection.</summary>
    public const string Unmatched = "#unmatched";

    /// <summary>True for connections the engine added to lay out a composite (not in the definition's JSON).</summary>
    public bool IsSynthetic => SourcePort.StartsWith('#');
}
