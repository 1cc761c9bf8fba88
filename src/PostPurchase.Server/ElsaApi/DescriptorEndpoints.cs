using PostPurchase.Server.Auth;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Expressions.CSharp;

namespace PostPurchase.Server.ElsaApi;

/// <summary>
/// Descriptors the designer loads: the activity palette (from the engine's registry), expression syntaxes, variable
/// types, storage drivers, and the strategy lists (empty: the engine has no pluggable activation, incident,
/// log-persistence or commit strategies, and an empty list is what the Studio expects then).
/// </summary>
public static class DescriptorEndpoints
{
    /// <summary>Variable types the engine converts declared values to (see DefinitionVariables).</summary>
    private static readonly (string Type, string Category)[] VariableTypes =
    [
        ("Object", "Primitives"), ("String", "Primitives"), ("Boolean", "Primitives"), ("Int32", "Primitives"), ("Int64", "Primitives"),
        ("Double", "Primitives"), ("Decimal", "Primitives"), ("DateTimeOffset", "Primitives"), ("TimeSpan", "Primitives"),
        ("JsonObject", "Dynamic"), ("JsonArray", "Dynamic"), ("JsonNode", "Dynamic"),
    ];

    public static RouteGroupBuilder MapDescriptors(this RouteGroupBuilder api)
    {
        api.MapGet("/descriptors/activities", async (ActivityRegistry registry, IWorkflowDefinitionStore definitions, CSharpOptions csharp, CancellationToken cancellationToken) =>
        {
            // Definitions marked "Usable as activity" appear as their own activity types; Run C# only when C# is enabled.
            var usable = await WorkflowDefinitionActivities.DescribeAsync(definitions, cancellationToken);
            var items = registry.Descriptors.Select(d => d.TypeName == CSharpUses.RunCSharpType && !csharp.Enabled ? d with { IsBrowsable = false } : d).Concat(usable).OrderBy(d => d.Category).ThenBy(d => d.DisplayName).ToList();
            return Results.Ok(new { items, count = items.Count });
        });

        api.MapGet("/descriptors/expression-descriptors", (CSharpOptions csharp) =>
        {
            var items = ExpressionEvaluator.Syntaxes.Select(s => new JsonObject
            {
                ["type"] = s.Type,
                ["displayName"] = s.DisplayName,
                ["isSerializable"] = true,
                ["isBrowsable"] = s.IsBrowsable && (s.Type != ExpressionTypes.CSharp || csharp.Enabled),
                ["properties"] = s.MonacoLanguage is null ? new JsonObject() : new JsonObject { ["MonacoLanguage"] = s.MonacoLanguage },
            }).ToList();
            return Results.Ok(new { items, count = items.Count });
        });

        api.MapGet("/descriptors/variables", () => Results.Ok(new
        {
            items = VariableTypes.Select(t => new { typeName = t.Type, displayName = t.Type, category = t.Category }),
        }));

        api.MapGet("/descriptors/storage-drivers", () => Results.Ok(new
        {
            items = new[] { new { typeName = "Workflow", displayName = "Workflow", priority = 0, deprecated = false } },
        }));

        api.MapGet("/descriptors/output-converters", () => Results.Ok(new { items = Array.Empty<object>() }));
        foreach (var path in new[] { "workflow-activation-strategies", "log-persistence-strategies", "incident-strategies", "commit-strategies/workflows", "commit-strategies/activities" })
            api.MapGet($"/descriptors/{path}", () => Results.Ok(new { items = Array.Empty<object>(), count = 0 }));

        // Only used for inputs whose uiSpecifications ask for a refresh; none of ours do.
        api.MapPost("/descriptors/activities/{activityTypeName}/options/{propertyName}", () => Results.Ok(new { items = new JsonObject() })).AllowViewers();
        return api;
    }
}
