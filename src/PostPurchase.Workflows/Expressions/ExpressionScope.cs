using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// The names an expression can see: the workflow input (and each of its top-level properties by name, e.g.
/// <c>Purchase</c>), the variables by name, activity outputs (<c>Activities.SendEmail1.MessageId</c>), the instance's
/// identity, and whatever <see cref="IExpressionGlobals"/> contributors add (e.g. <c>Catalog</c>).
/// </summary>
public sealed class ExpressionScope
{
    public required JsonObject Input { get; init; }
    /// <summary>The instance's variables by name; JavaScript's <c>setVariable</c> writes here.</summary>
    public required IDictionary<string, JsonNode?> Variables { get; init; }
    public required JsonObject Activities { get; init; }
    public required string WorkflowInstanceId { get; init; }
    public string? CorrelationId { get; init; }
    public string? DefinitionId { get; init; }
    public string? DefinitionVersionId { get; init; }
    public int? DefinitionVersion { get; init; }

    /// <summary>Every activity of the definition: id → name (outputs in <see cref="Activities"/> are keyed by name).</summary>
    public IReadOnlyDictionary<string, string> ActivityNamesById { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// An activity's output by activity name or id (Elsa's <c>getOutputFrom</c>, C#'s <c>Output.From</c>); without an
    /// output name, the activity's <c>Output</c>, <c>Result</c> or only output. Null when it has not run.
    /// </summary>
    public JsonNode? OutputOf(string activityIdOrName, string? outputName = null)
    {
        var outputs = Activities[activityIdOrName] as JsonObject
            ?? (ActivityNamesById.TryGetValue(activityIdOrName, out var name) ? Activities[name] as JsonObject : null);
        if (outputs is null) return null;
        if (outputName is not null) return outputs[outputName];
        return outputs["Output"] ?? outputs["Result"] ?? (outputs.Count == 1 ? outputs.First().Value : null);
    }

    /// <summary>Extra names: JSON values or CLR objects (exposed to JavaScript as host objects).</summary>
    public Dictionary<string, object?> Globals { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Where an expression sits, for error messages: "activity 'SendEmail1' (PostPurchase.SendEmail), input 'Subject'".</summary>
public sealed record ExpressionSite(ActivityNode Activity, string InputName)
{
    public override string ToString() => $"activity '{Activity.Name}' ({Activity.Type}), input '{InputName}'";
}

/// <summary>An expression failed: the message names the activity and input.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Adds names to every expression scope (registered in the service container).</summary>
public interface IExpressionGlobals
{
    void Contribute(ExpressionScope scope);
}
