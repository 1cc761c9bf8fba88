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

    /// <summary>Elsa's per-activity merge mode (<c>customProperties.mergeMode</c>): "Stream" fires on every arrival.</summary>
    public string? MergeMode => Json["customProperties"]?["mergeMode"]?.GetValue<string>();
}

/// <summary>A flowchart connection: from an activity's outcome port to another activity.</summary>
public sealed record Connection(string Source, string SourcePort, string Target, string TargetPort);
