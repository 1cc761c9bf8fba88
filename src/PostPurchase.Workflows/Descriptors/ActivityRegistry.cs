using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Workflows.Descriptors;

/// <summary>
/// Every activity type the engine can run, keyed by type name (e.g. <c>PostPurchase.SendEmail</c>), with the
/// descriptor Elsa Studio shows for it. Filled once at start-up by <c>AddActivitiesFrom(assembly)</c>.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, RegisteredActivity> _byType = new(StringComparer.Ordinal);
    private readonly List<ActivityDescriptor> _extraDescriptors = new();

    public IEnumerable<RegisteredActivity> Activities => _byType.Values;

    /// <summary>Descriptors for the palette: every registered activity plus the structural ones (root flowchart, not-found).</summary>
    public IEnumerable<ActivityDescriptor> Descriptors => _byType.Values.Select(a => a.Descriptor).Concat(_extraDescriptors);

    public RegisteredActivity? Find(string typeName) => _byType.GetValueOrDefault(typeName);

    /// <summary>The activity that runs a node: its registered type, or, for a workflow definition used as an activity, the runner of those.</summary>
    public RegisteredActivity? Resolve(Definitions.ActivityNode node) =>
        Find(node.Type) ?? (Definitions.WorkflowDefinitionActivities.IsUse(node.Json) ? Find("Elsa.WorkflowDefinitionActivity") : null);

    public bool IsKnown(string typeName) => _byType.ContainsKey(typeName) || _extraDescriptors.Any(d => d.TypeName == typeName);

    public ActivityRegistry AddDescriptor(ActivityDescriptor descriptor)
    {
        _extraDescriptors.Add(descriptor);
        return this;
    }

    /// <summary>Registers every non-abstract <see cref="IActivity"/> class with an <see cref="ActivityAttribute"/> in the assembly.</summary>
    public ActivityRegistry AddActivitiesFrom(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
            if (!type.IsAbstract && typeof(IActivity).IsAssignableFrom(type) && type.GetCustomAttribute<ActivityAttribute>() is not null)
                Add(type);
        return this;
    }

    public ActivityRegistry Add<T>() where T : IActivity => Add(typeof(T));

    public ActivityRegistry Add(Type type)
    {
        var registered = RegisteredActivity.Describe(type);
        _byType[registered.Descriptor.TypeName] = registered;
        return this;
    }
}

/// <summary>An activity CLR type with its descriptor and the properties that bind inputs and outputs.</summary>
public sealed class RegisteredActivity
{
    private RegisteredActivity(Type type, ActivityDescriptor descriptor, IReadOnlyList<PropertyInfo> inputs, IReadOnlyList<PropertyInfo> outputs)
    {
        Type = type;
        Descriptor = descriptor;
        InputProperties = inputs;
        OutputProperties = outputs;
    }

    public Type Type { get; }
    public ActivityDescriptor Descriptor { get; }
    public IReadOnlyList<PropertyInfo> InputProperties { get; }
    public IReadOnlyList<PropertyInfo> OutputProperties { get; }
    public bool IsTrigger => typeof(ITrigger).IsAssignableFrom(Type);

    public IReadOnlyList<string> Outcomes => Descriptor.Ports.Where(p => p.Type == PortType.Flow).Select(p => p.Name).ToList();

    /// <summary>Outcomes are chosen per use (FlowFork branches, FlowSwitch labels, RunJavaScript's setOutcome…).</summary>
    public bool HasDynamicOutcomes => Type.GetCustomAttribute<DynamicOutcomesAttribute>() is not null;

    internal static RegisteredActivity Describe(Type type)
    {
        var attribute = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException($"{type.FullName} has no [Activity] attribute.");
        var name = attribute.TypeName ?? type.Name;
        var inputs = type.GetProperties().Where(p => IsGeneric(p.PropertyType, typeof(Input<>))).ToList();
        var outputs = type.GetProperties().Where(p => IsGeneric(p.PropertyType, typeof(Output<>))).ToList();
        var outcomes = type.GetCustomAttribute<OutcomesAttribute>()?.Outcomes
            ?? (attribute.IsTerminal ? [] : [WellKnownOutcomes.Done]);

        var descriptor = new ActivityDescriptor
        {
            TypeName = $"{attribute.Namespace}.{name}",
            Namespace = attribute.Namespace,
            Name = name,
            Version = attribute.Version,
            Category = attribute.Category,
            DisplayName = attribute.DisplayName ?? SplitWords(name),
            Description = attribute.Description,
            Kind = typeof(ITrigger).IsAssignableFrom(type) ? ActivityKind.Trigger : attribute.Kind,
            IsBrowsable = attribute.IsBrowsable,
            IsStart = attribute.IsStart,
            IsTerminal = attribute.IsTerminal,
            IsContainer = attribute.IsContainer,
            Inputs = inputs.Select((p, i) => DescribeInput(p, i)).ToList(),
            Outputs = outputs.Select((p, i) => DescribeOutput(p, i)).ToList(),
            Ports = outcomes.Select(o => new PortDescriptor(o, SplitWords(o)))
                .Concat((type.GetCustomAttribute<EmbeddedPortsAttribute>()?.Ports ?? []).Select(p => new PortDescriptor(p, SplitWords(p), PortType.Embedded)))
                .ToList(),
        };
        return new RegisteredActivity(type, descriptor, inputs, outputs);
    }

    private static InputDescriptor DescribeInput(PropertyInfo property, int index)
    {
        var a = property.GetCustomAttribute<InputAttribute>() ?? new InputAttribute();
        var valueType = property.PropertyType.GetGenericArguments()[0];
        var options = a.Options ?? (valueType.IsEnum ? Enum.GetNames(valueType) : null);
        var hint = a.UIHint ?? (options is not null ? UIHints.Dropdown : valueType == typeof(bool) ? UIHints.Checkbox : UIHints.SingleLine);
        JsonObject? specs = null;
        if (options is not null)
            specs = new JsonObject
            {
                ["dropdown"] = new JsonObject
                {
                    ["selectList"] = new JsonObject
                    {
                        ["items"] = new JsonArray(options.Select(o => (JsonNode)new JsonObject { ["text"] = o, ["value"] = o }).ToArray()),
                        ["isFlagsEnum"] = false,
                    },
                },
            };
        else if (hint == UIHints.CodeEditor)
            specs = new JsonObject { ["code-editor"] = new JsonObject { ["language"] = a.Language ?? "javascript", ["singleLineMode"] = false } };

        return new InputDescriptor
        {
            Name = property.Name,
            TypeName = TypeAliases.For(valueType),
            DisplayName = a.DisplayName ?? SplitWords(property.Name),
            Description = a.Description,
            Order = a.Order != 0 ? a.Order : index,
            UiHint = hint,
            Category = a.Category,
            DefaultValue = a.DefaultValue is null ? null : JsonSerializer.SerializeToNode(a.DefaultValue, JsonDefaults.Options),
            DefaultSyntax = a.DefaultSyntax ?? "Literal",
            UiSpecifications = specs,
        };
    }

    private static OutputDescriptor DescribeOutput(PropertyInfo property, int index)
    {
        var a = property.GetCustomAttribute<OutputAttribute>() ?? new OutputAttribute();
        return new OutputDescriptor
        {
            Name = property.Name,
            TypeName = TypeAliases.For(property.PropertyType.GetGenericArguments()[0]),
            DisplayName = a.DisplayName ?? SplitWords(property.Name),
            Description = a.Description,
            Order = index,
        };
    }

    private static bool IsGeneric(Type type, Type definition) => type.IsGenericType && type.GetGenericTypeDefinition() == definition;

    /// <summary>"SendEmail" → "Send Email".</summary>
    public static string SplitWords(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]) ? " " + c : c.ToString()));
}
