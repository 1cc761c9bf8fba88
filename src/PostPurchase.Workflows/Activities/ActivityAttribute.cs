namespace PostPurchase.Workflows.Activities;

/// <summary>
/// Marks a class as a workflow activity. The type name stored in definitions is <c>{Namespace}.{class name}</c>
/// (e.g. <c>PostPurchase.SendEmail</c>), matching Elsa's convention so Elsa Studio and Elsa exports agree with us.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string category, string description) : Attribute
{
    public string Namespace { get; } = @namespace;
    public string Category { get; } = category;
    public string Description { get; } = description;
    public string? DisplayName { get; init; }

    /// <summary>Overrides the class name part of the type name (e.g. "Flowchart" for <c>Elsa.Flowchart</c>).</summary>
    public string? TypeName { get; init; }

    public ActivityKind Kind { get; init; } = ActivityKind.Action;
    public int Version { get; init; } = 1;

    /// <summary>Hidden from the designer's palette (still described, so stored graphs render).</summary>
    public bool IsBrowsable { get; init; } = true;

    /// <summary>Has no inbound port (e.g. Elsa.Start).</summary>
    public bool IsStart { get; init; }

    /// <summary>Holds other activities (a flowchart, a sequence, a loop's body).</summary>
    public bool IsContainer { get; init; }

    /// <summary>Has no outbound port (e.g. Elsa.End).</summary>
    public bool IsTerminal { get; init; }
}

public enum ActivityKind
{
    Action,
    Trigger,
    Job,
    Task,
}
