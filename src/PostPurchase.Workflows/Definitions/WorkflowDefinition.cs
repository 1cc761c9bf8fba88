using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Definitions;

/// <summary>
/// One version of a workflow definition. <see cref="Document"/> is the Elsa 3 JSON exactly as saved (unknown fields
/// included, so the Studio gets back what it sent); the other properties are the server-owned facts about the version.
/// </summary>
public sealed class WorkflowDefinition
{
    /// <summary>The version id (Elsa's <c>id</c>).</summary>
    public required string Id { get; init; }

    public required string DefinitionId { get; init; }
    public required int Version { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where it came from: "api", or the file it was imported from.</summary>
    public string? Source { get; init; }

    /// <summary>The definition JSON (name, description, variables, inputs, options, root, …).</summary>
    public required JsonObject Document { get; set; }

    /// <summary>The full Elsa JSON as the API returns it: the document plus this version's identity and flags.</summary>
    public JsonObject ToElsaJson()
    {
        var json = (JsonObject)Document.DeepClone();
        json["id"] = Id;
        json["definitionId"] = DefinitionId;
        json["version"] = Version;
        json["name"] = Name;
        json["description"] = Description;
        json["isLatest"] = IsLatest;
        json["isPublished"] = IsPublished;
        json["createdAt"] = CreatedAt;
        return json;
    }
}

/// <summary>Which version(s) of a definition to pick (Elsa's VersionOptions).</summary>
public readonly record struct VersionOptions(string Kind, int? Version = null)
{
    public static readonly VersionOptions Latest = new("Latest");
    public static readonly VersionOptions Published = new("Published");
    public static readonly VersionOptions LatestOrPublished = new("LatestOrPublished");
    public static readonly VersionOptions LatestAndPublished = new("LatestAndPublished");
    public static readonly VersionOptions Draft = new("Draft");
    public static readonly VersionOptions All = new("AllVersions");

    public static VersionOptions SpecificVersion(int version) => new("Version", version);

    /// <summary>Parses Elsa's query string value; empty or null means "any version".</summary>
    public static VersionOptions Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return All;
        if (int.TryParse(text, out var number)) return SpecificVersion(number);
        foreach (var option in new[] { Latest, Published, LatestOrPublished, LatestAndPublished, Draft, All })
            if (string.Equals(option.Kind, text, StringComparison.OrdinalIgnoreCase)) return option;
        throw new FormatException($"Unknown versionOptions '{text}'.");
    }

    public bool Matches(WorkflowDefinition d) => Kind switch
    {
        "Latest" => d.IsLatest,
        "Published" => d.IsPublished,
        "LatestOrPublished" => d.IsLatest || d.IsPublished,
        "LatestAndPublished" => d.IsLatest && d.IsPublished,
        "Draft" => !d.IsPublished,
        "Version" => d.Version == Version,
        _ => true,
    };
}
