using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Engagement.Reports;

public sealed record DefinitionStep(string ActivityId, string Name, string Type);

/// <summary>A definition's steps as the designer shows them: its display text (else name, else id), in document order.</summary>
public static class DefinitionSteps
{
    public static IReadOnlyList<DefinitionStep> Read(WorkflowDefinition definition)
    {
        var graph = WorkflowGraph.Parse(definition.Document);
        return graph.Activities.Values
            .Where(a => a.CompletionOf is null)
            .Select(a => new DefinitionStep(a.Id, DisplayText(a.Json) ?? a.Name, a.Type))
            .ToList();
    }

    private static string? DisplayText(JsonObject activity) =>
        activity["metadata"]?["displayText"] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
