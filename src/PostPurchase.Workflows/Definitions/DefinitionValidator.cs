using System.Reflection;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Expressions.CSharp;

namespace PostPurchase.Workflows.Definitions;

/// <summary>A problem in a definition and where it is ("root.activities[SendEmail1].subject").</summary>
public sealed record ValidationError(string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>Thrown when a definition is invalid; carries every problem found.</summary>
public sealed class DefinitionValidationException(IReadOnlyList<ValidationError> errors)
    : Exception("The workflow definition is invalid: " + string.Join("; ", errors))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}

/// <summary>
/// Checks a definition before it is stored as published or imported (the root may be a flowchart, a sequence or any
/// activity; nested activities are checked too): known activity types, connections between
/// existing activities and ports, literal inputs of the right type, known expression syntaxes, and no cycle that could
/// spin forever (a cycle must contain an activity that waits, or a way out such as a decision), literal cron expressions
/// that parse, and no C# while C# is
/// disabled.
/// </summary>
public sealed class DefinitionValidator(ActivityRegistry registry, CSharpOptions? csharp = null)
{
    private readonly bool _csharpEnabled = csharp?.Enabled ?? false;

    public IReadOnlyList<ValidationError> Validate(JsonObject document)
    {
        var errors = new List<ValidationError>();
        if (document["root"] is not JsonObject root)
        {
            errors.Add(new("root", "The definition has no root flowchart."));
            return errors;
        }

        if (root["type"] is not JsonValue)
        {
            errors.Add(new("root.type", "The root activity has no type."));
            return errors;
        }

        WorkflowGraph graph;
        try
        {
            graph = WorkflowGraph.Parse(document);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            errors.Add(new("root", ex.Message));
            return errors;
        }

        foreach (var node in graph.Activities.Values.Where(n => n.CompletionOf is null))
            ValidateActivity(node, errors);
        errors.AddRange(ExpressionSyntaxErrors(document));
        foreach (var connection in graph.Connections.Where(c => !c.IsSynthetic))
            ValidateConnection(graph, connection, errors);
        ValidateCycles(graph, errors);
        return errors;
    }

    /// <summary>
    /// Every JavaScript, Liquid and Handlebars expression of the definition that does not parse and every C# script
    /// (CSharp expressions, Elsa.RunCSharp's Script) that does not compile, located as <c>root.activities[name].Input</c>
    /// with the line and column; while C# is disabled, every use of it instead. Checked on every save, drafts included.
    /// </summary>
    public IReadOnlyList<ValidationError> ExpressionSyntaxErrors(JsonObject document)
    {
        var errors = new List<ValidationError>();
        if (!_csharpEnabled)
        {
            foreach (var use in CSharpUses.Find(document))
                errors.Add(new(use, "C# is disabled on this server: it runs arbitrary code with the server's privileges. An administrator can allow it with Scripting__CSharp__Enabled=true."));
            if (errors.Count > 0) return errors;
        }

        if (document["root"] is JsonObject root) CheckExpressions(root, errors);
        return errors;
    }

    // Visits every activity, nested ones (container bodies) included.
    private static void CheckExpressions(JsonNode? node, List<ValidationError> errors)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array) CheckExpressions(item, errors);
            return;
        }

        if (node is not JsonObject json) return;
        var isActivity = json["type"] is JsonValue && json["id"] is JsonValue;
        var name = (json["name"] as JsonValue)?.ToString() is { Length: > 0 } n ? n : (json["id"] as JsonValue)?.ToString() ?? "?";
        var isRunCSharp = isActivity && (json["type"] as JsonValue)?.ToString() == CSharpUses.RunCSharpType;
        foreach (var (key, value) in json)
        {
            if (isActivity && value is JsonObject input && input["expression"] is JsonObject && Parse(input) is { } expression
                && ExpressionEvaluator.Check(AsScript(expression, isRunCSharp && key == "script")) is { } error)
                errors.Add(new($"root.activities[{name}].{char.ToUpperInvariant(key[0])}{key[1..]}",
                    expression.Type == ExpressionTypes.CSharp || isRunCSharp && key == "script"
                        ? $"C# does not compile at line {error.Line}, column {error.Column}: {error.Message}"
                        : $"{expression.Type} does not parse at line {error.Line}, column {error.Column}: {error.Message}"));
            else if (value is JsonObject or JsonArray)
                CheckExpressions(value, errors);
        }
    }

    // Elsa.RunCSharp's Script is C# however it is stored (Elsa exports it as a Literal).
    private static Expression AsScript(Expression expression, bool isRunCSharpScript) =>
        isRunCSharpScript && expression.Type == ExpressionTypes.Literal ? expression with { Type = ExpressionTypes.CSharp } : expression;

    private static Expression? Parse(JsonObject input)
    {
        try
        {
            return ActivityFactory.ReadExpression(input);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return null; // reported by Validate as an unreadable input
        }
    }

    /// <summary>Throws <see cref="DefinitionValidationException"/> when an expression does not parse (or uses C# while it is disabled).</summary>
    public void EnsureExpressionsParse(JsonObject document)
    {
        var errors = ExpressionSyntaxErrors(document);
        if (errors.Count > 0) throw new DefinitionValidationException(errors);
    }

    public void EnsureValid(JsonObject document)
    {
        var errors = Validate(document);
        if (errors.Count > 0) throw new DefinitionValidationException(errors);
    }

    private void ValidateActivity(ActivityNode node, List<ValidationError> errors)
    {
        var location = $"root.activities[{node.Name}]";
        var registered = registry.Resolve(node);
        if (registered is null)
        {
            errors.Add(new($"{location}.type", $"Unknown activity type '{node.Type}'."));
            return;
        }

        foreach (var property in registered.InputProperties)
        {
            var json = node.Json[ActivityFactory.CamelCase(property.Name)];
            Expression? expression;
            try
            {
                expression = ActivityFactory.ReadExpression(json);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                errors.Add(new($"{location}.{property.Name}", $"Unreadable input: {ex.Message}"));
                continue;
            }

            if (expression is null) continue;
            if (!ExpressionEvaluator.IsKnown(expression.Type))
            {
                errors.Add(new($"{location}.{property.Name}", $"Unknown expression syntax '{expression.Type}'."));
                continue;
            }

            if (expression.Type != ExpressionTypes.Literal || expression.Value is null) continue;
            var type = property.PropertyType.GetGenericArguments()[0];
            try
            {
                ValueConverter.Convert(expression.Value, type);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                errors.Add(new($"{location}.{property.Name}", $"'{expression.Text}' is not a valid {TypeAliases.For(type)}."));
                continue;
            }

            if (LiteralFormatError(registered.Type, property.Name, expression.Text) is { } formatError)
                errors.Add(new($"{location}.{property.Name}", formatError));
        }
    }

    // Literal inputs with a format of their own, checked at save rather than when the step first runs.
    private static string? LiteralFormatError(Type activityType, string inputName, string? text)
    {
        if (activityType != typeof(Activities.Core.Cron) || inputName != nameof(Activities.Core.Cron.CronExpression)) return null;
        try
        {
            Scheduling.Cron.CronExpressions.Parse(text);
            return null;
        }
        catch (ActivityConfigurationException ex)
        {
            return ex.Message;
        }
    }

    private void ValidateConnection(WorkflowGraph graph, Connection connection, List<ValidationError> errors)
    {
        var location = $"root.connections[{connection.Source}:{connection.SourcePort} → {connection.Target}]";
        if (!graph.Activities.TryGetValue(connection.Source, out var source))
            errors.Add(new(location, $"Source activity '{connection.Source}' does not exist."));
        if (!graph.Activities.ContainsKey(connection.Target))
            errors.Add(new(location, $"Target activity '{connection.Target}' does not exist."));
        if (source is null || registry.Resolve(source) is not { } registered || registered.HasDynamicOutcomes) return;
        if (!registered.Outcomes.Contains(connection.SourcePort, StringComparer.OrdinalIgnoreCase))
            errors.Add(new(location, $"'{source.Name}' ({source.Type}) has no outcome '{connection.SourcePort}' (it has: {string.Join(", ", registered.Outcomes)})."));
    }

    private void ValidateCycles(WorkflowGraph graph, List<ValidationError> errors)
    {
        foreach (var component in StronglyConnectedComponents(graph))
        {
            var isCycle = component.Count > 1 || graph.Outbound(component[0]).Any(c => c.Target == component[0]);
            // Loops the engine lays out for ForEach/While run a bounded or condition-checked body; skip them.
            if (!isCycle || component.Any(id => graph.Activities[id].CompletionOf is not null)) continue;
            var members = component.ToHashSet();
            var waits = component.Any(id => CanWait(graph.Activities[id].Type));
            var exits = component.Any(id => graph.Outbound(id).Any(c => !members.Contains(c.Target)));
            if (!waits && !exits)
                errors.Add(new("root.connections", $"The activities {string.Join(" → ", component.Select(id => graph.Activities[id].Name))} form a loop with no wait and no way out."));
        }
    }

    /// <summary>An activity can wait when it implements its own resume step (Delay, Event, ReviewRequest…).</summary>
    private bool CanWait(string type)
    {
        var registered = registry.Find(type);
        var resume = registered?.Type.GetMethod(nameof(IActivity.ResumeAsync), BindingFlags.Public | BindingFlags.Instance);
        return type is "Elsa.Delay" or "Elsa.Timer" or "Elsa.StartAt" || resume?.DeclaringType != typeof(Activity);
    }

    private static List<List<string>> StronglyConnectedComponents(WorkflowGraph graph)
    {
        var index = 0;
        var indices = new Dictionary<string, int>();
        var lowLinks = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();

        void Visit(string v)
        {
            indices[v] = lowLinks[v] = index++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.Outbound(v).Select(c => c.Target).Where(graph.Activities.ContainsKey))
            {
                if (!indices.ContainsKey(w))
                {
                    Visit(w);
                    lowLinks[v] = Math.Min(lowLinks[v], lowLinks[w]);
                }
                else if (onStack.Contains(w))
                {
                    lowLinks[v] = Math.Min(lowLinks[v], indices[w]);
                }
            }

            if (lowLinks[v] != indices[v]) return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != v);
            result.Add(component);
        }

        foreach (var id in graph.Activities.Keys)
            if (!indices.ContainsKey(id)) Visit(id);
        return result;
    }
}
