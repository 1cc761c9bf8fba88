namespace PostPurchase.Workflows.Activities;

/// <summary>Describes an <see cref="Input{T}"/> property for the designer's property panel.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string? Description { get; init; }

    /// <summary>Editor to use, one of <see cref="UIHints"/>.</summary>
    public string? UIHint { get; init; }

    public object? DefaultValue { get; init; }

    /// <summary>Choices for a drop-down (<see cref="UIHints.Dropdown"/> is implied when set).</summary>
    public string[]? Options { get; init; }

    /// <summary>Expression syntax a new value starts with: "Literal" (default), "JavaScript", "Handlebars" or "Object".</summary>
    public string? DefaultSyntax { get; init; }

    public string? Category { get; init; }
    public int Order { get; init; }

    /// <summary>The code editor's language for <see cref="UIHints.CodeEditor"/> inputs (default "javascript").</summary>
    public string? Language { get; init; }
}

/// <summary>Describes an <see cref="Output{T}"/> property.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
}

/// <summary>The named outbound ports of an activity (default: a single <c>Done</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class OutcomesAttribute(params string[] outcomes) : Attribute
{
    public IReadOnlyList<string> Outcomes { get; } = outcomes;
}

/// <summary>Ports that hold a child activity in the designer (If's Then and Else, a loop's Body).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class EmbeddedPortsAttribute(params string[] ports) : Attribute
{
    public IReadOnlyList<string> Ports { get; } = ports;
}

/// <summary>The activity's outcomes are chosen per use (branch names, case labels, script outcomes), not fixed.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class DynamicOutcomesAttribute : Attribute;

/// <summary>Editor names understood by Elsa Studio.</summary>
public static class UIHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Checkbox = "checkbox";
    public const string Dropdown = "dropdown";
    public const string CodeEditor = "code-editor";
    public const string JsonEditor = "json-editor";
    public const string DateTimePicker = "datetime-picker";
    public const string MultiText = "multitext";
    public const string VariablePicker = "variable-picker";
}
