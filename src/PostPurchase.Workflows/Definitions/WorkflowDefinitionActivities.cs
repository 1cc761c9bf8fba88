using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Definitions;

/// <summary>
/// Definitions marked "Usable as activity" (<c>options.usableAsActivity</c>), as Elsa's WorkflowDefinitionActivity
/// does them: the type name is the definition's name in PascalCase ("Review Request" → <c>ReviewRequest</c>), the
/// descriptor carries the definition's declared inputs, outputs and outcomes under <c>options.activityCategory</c>
/// (default "Workflows"), and a use of it stores <c>workflowDefinitionId</c>, <c>workflowDefinitionVersionId</c> and
/// <c>version</c> in its JSON.
/// </summary>
public static partial class WorkflowDefinitionActivities
{
    /// <summary>Names Elsa's WorkflowDefinitionActivity already has: an input or output named so is stored as "_Name".</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "Id", "NodeId", "Name", "Type", "Version", "CustomProperties", "Metadata", "SyntheticProperties", "Behaviors", "Variables",
        "WorkflowDefinitionId", "WorkflowDefinitionVersionId", "LatestAvailablePublishedVersion", "LatestAvailablePublishedVersionId",
        "Root", "RunAsynchronously", "CanStartWorkflow", "Source", "Line", "Result", "IsInitialized",
    };

    /// <summary>Elsa's PropertyNameHelper: a declared input or output whose name is reserved gets a leading underscore.</summary>
    public static string SafePropertyName(string name) => Reserved.Contains(name) ? "_" + name : name;

    /// <summary>The JSON of a declared input in a use of the definition (the first wrapped expression under its safe or plain name).</summary>
    public static JsonNode? InputJson(JsonObject activity, string inputName)
    {
        var safe = SafePropertyName(inputName);
        foreach (var key in new[] { Descriptors.ActivityFactory.CamelCase(safe), safe, Descriptors.ActivityFactory.CamelCase(inputName), inputName })
            if (activity[key] is JsonObject wrapped && wrapped.ContainsKey("expression")) return wrapped;
        return null;
    }

    public static bool IsUsableAsActivity(WorkflowDefinition definition) =>
        definition.Document["options"]?["usableAsActivity"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>Humanizer's Pascalize, as Elsa uses it: words joined, each starting upper-case.</summary>
    public static string TypeNameOf(string name) => Word().Replace(name.Trim(), m => m.Groups[1].Value.ToUpperInvariant());

    /// <summary>True for an activity that uses a definition (it names one and its type is not a registered activity).</summary>
    public static bool IsUse(JsonObject activity) => activity["workflowDefinitionId"] is JsonValue;

    /// <summary>
    /// Elsa's version rule for a use: the pinned version id, else the pinned version number; if that is gone, the
    /// published version, else the latest; a definition id unknown here falls back to the published usable-as-activity
    /// definition whose type name matches.
    /// </summary>
    public static async Task<WorkflowDefinition?> ResolveAsync(IWorkflowDefinitionStore store, JsonObject activity, CancellationToken cancellationToken)
    {
        var definitionId = Text(activity["workflowDefinitionId"]);
        if (definitionId is null) return null;
        if (Text(activity["workflowDefinitionVersionId"]) is { } versionId
            && await store.FindByIdAsync(versionId, cancellationToken) is { } pinned && pinned.DefinitionId == definitionId)
            return pinned;
        if (Text(activity["workflowDefinitionVersionId"]) is null && activity["version"] is JsonValue v && v.TryGetValue(out int number)
            && await store.FindAsync(definitionId, VersionOptions.SpecificVersion(number), cancellationToken) is { } byNumber)
            return byNumber;
        var found = await store.FindAsync(definitionId, VersionOptions.Published, cancellationToken)
            ?? await store.FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
        if (found is not null || Text(activity["type"]) is not { } type) return found;

        // An export from another server may carry that server's definition id: Elsa then goes by the type name.
        var published = await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published }, cancellationToken);
        return published.FirstOrDefault(d => IsUsableAsActivity(d) && TypeNameOf(d.Name) == type);
    }

    /// <summary>Palette descriptors for every published definition usable as an activity.</summary>
    public static async Task<IReadOnlyList<ActivityDescriptor>> DescribeAsync(IWorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var published = await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published }, cancellationToken);
        return published.Where(IsUsableAsActivity).Select(Describe).ToList();
    }

    public static ActivityDescriptor Describe(WorkflowDefinition definition)
    {
        var document = definition.Document;
        var typeName = TypeNameOf(definition.Name);
        var outcomes = (document["outcomes"] as JsonArray ?? []).Select(o => Text(o)).OfType<string>().ToList();
        return new ActivityDescriptor
        {
            TypeName = typeName,
            Namespace = "",
            Name = typeName,
            Version = definition.Version,
            Category = Text(document["options"]?["activityCategory"]) ?? "Workflows",
            DisplayName = definition.Name,
            Description = definition.Description,
            Kind = ActivityKind.Action,
            Inputs = (document["inputs"] as JsonArray ?? []).OfType<JsonObject>().Select((i, n) => new InputDescriptor
            {
                Name = SafePropertyName(Text(i["name"]) ?? $"Input{n}"),
                TypeName = Text(i["type"]) ?? "Object",
                DisplayName = Text(i["displayName"]) ?? Text(i["name"]) ?? $"Input{n}",
                Description = Text(i["description"]),
                Category = Text(i["category"]),
                UiHint = Text(i["uiHint"]) ?? UIHints.SingleLine,
                Order = n,
                IsSynthetic = true,
            }).ToList(),
            Outputs = (document["outputs"] as JsonArray ?? []).OfType<JsonObject>().Select((o, n) => new OutputDescriptor
            {
                Name = SafePropertyName(Text(o["name"]) ?? $"Output{n}"),
                TypeName = Text(o["type"]) ?? "Object",
                DisplayName = Text(o["displayName"]) ?? Text(o["name"]) ?? $"Output{n}",
                Description = Text(o["description"]),
                Order = n,
                IsSynthetic = true,
            }).ToList(),
            Ports = (outcomes.Count == 0 ? [WellKnownOutcomes.Done] : outcomes).Select(o => new PortDescriptor(o, o))
                .Append(new PortDescriptor("Root", "Root", PortType.Embedded, IsBrowsable: false)).ToList(),
            CustomProperties = new JsonObject
            {
                ["RootType"] = "WorkflowDefinitionActivity",
                ["WorkflowDefinitionId"] = definition.DefinitionId,
                ["WorkflowDefinitionVersionId"] = definition.Id,
            },
            ConstructionProperties = new JsonObject
            {
                ["WorkflowDefinitionId"] = definition.DefinitionId,
                ["WorkflowDefinitionVersionId"] = definition.Id,
                ["Version"] = definition.Version,
            },
        };
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    [GeneratedRegex(@"(?:^|_| +)(.)")]
    private static partial Regex Word();
}
