using System.Dynamic;
using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Expressions.CSharp;

/// <summary>
/// What a C# script sees, named as in Elsa 3's C# module: <c>Variables</c> (alias <c>Variable</c>: each variable as a
/// property, <c>Get</c>, <c>Get&lt;T&gt;</c>, <c>Set</c>), <c>Input</c> (alias <c>Inputs</c>: the workflow input's
/// properties, <c>Get&lt;T&gt;</c>), <c>Output.From(activityIdOrName, outputName?)</c>, <c>Outcome.Set(…)</c>,
/// <c>ExecutionContext.GetVariable/SetVariable/GetInput</c>, <c>WorkflowInstanceId</c>, <c>CorrelationId</c> and
/// <c>Arguments</c>. Variables are a copy written back only when the script completes, so a script stopped by the
/// time limit changes nothing.
/// </summary>
public sealed class CSharpGlobals
{
    private readonly CancellationToken _cancellationToken;
    private readonly ExpressionScope _scope;
    private IDictionary<string, object?>? _arguments;

    internal CSharpGlobals(ExpressionScope scope, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        VariableValues = new Dictionary<string, JsonNode?>(scope.Variables, StringComparer.Ordinal);
        var variables = new VariablesProxy(VariableValues);
        Variables = variables;
        Input = new InputProxy(scope.Input);
        Output = new OutputProxy(scope);
        Outcome = new OutcomeProxy();
        ExecutionContext = new ExecutionContextProxy(variables, (InputProxy)Input);
        WorkflowInstanceId = scope.WorkflowInstanceId;
        CorrelationId = scope.CorrelationId;
        _scope = scope;
    }

    /// <summary>The workflow's variables by name (<c>Variables.Tier</c>, <c>Variables.Get&lt;int&gt;("Count")</c>, <c>Variables.Set("Tier", "gold")</c>).</summary>
    public dynamic Variables { get; }

    /// <summary>Same as <see cref="Variables"/> (Elsa's newer name).</summary>
    public dynamic Variable => Variables;

    /// <summary>The workflow input's properties (<c>Input.OrderId</c>, <c>Input.Get&lt;string&gt;("OrderId")</c>).</summary>
    public dynamic Input { get; }

    /// <summary>Same as <see cref="Input"/> (Elsa's older name).</summary>
    public dynamic Inputs => Input;

    /// <summary>Other activities' outputs: <c>Output.From("GetOrder1", "ParsedContent")</c>.</summary>
    public OutputProxy Output { get; }

    /// <summary>RunCSharp's outcomes: <c>Outcome.Set("Big")</c>.</summary>
    public OutcomeProxy Outcome { get; }

    /// <summary>Variables and input by name, as Elsa's <c>ExecutionContext</c>.</summary>
    public ExecutionContextProxy ExecutionContext { get; }

    /// <summary>The instance's id.</summary>
    public string WorkflowInstanceId { get; }

    /// <summary>The instance's correlation id (read-only: it is the order's identity).</summary>
    public string? CorrelationId { get; }

    /// <summary>Extra values the server contributes (<c>Arguments["Store"]</c>, <c>Arguments["Catalog"]</c>), converted on first use.</summary>
    public IDictionary<string, object?> Arguments => _arguments ??=
        _scope.Globals.Where(g => g.Value is JsonNode).ToDictionary(g => g.Key, g => ClrJson.ToClr((JsonNode?)g.Value), StringComparer.OrdinalIgnoreCase);

    /// <summary>Called by the statements the evaluator adds to every loop and method body: stops a script past its time limit.</summary>
    public void __Tick() => _cancellationToken.ThrowIfCancellationRequested();

    internal Dictionary<string, JsonNode?> VariableValues { get; }
}

/// <summary>The workflow's variables, by name (case-insensitive when no exact match).</summary>
public sealed class VariablesProxy(IDictionary<string, JsonNode?> values) : DynamicObject
{
    /// <summary>A variable's value (null when there is none).</summary>
    public object? Get(string name) => ClrJson.ToClr(Find(name));

    /// <summary>A variable's value as <typeparamref name="T"/>; throws <see cref="FormatException"/> when it does not convert.</summary>
    public T? Get<T>(string name) => ClrJson.ToClr<T>(Find(name));

    /// <summary>Sets a variable (kept when the script completes).</summary>
    public void Set(string name, object? value) => values[Resolve(name) ?? name] = ClrJson.ToJson(value);

    public override bool TryGetMember(GetMemberBinder binder, out object? result)
    {
        var name = Resolve(binder.Name);
        result = name is null ? null : ClrJson.ToClr(values[name]);
        return name is not null;
    }

    public override bool TrySetMember(SetMemberBinder binder, object? value)
    {
        Set(binder.Name, value);
        return true;
    }

    public override IEnumerable<string> GetDynamicMemberNames() => values.Keys;

    private JsonNode? Find(string name) => Resolve(name) is { } key ? values[key] : null;

    private string? Resolve(string name) =>
        values.ContainsKey(name) ? name : values.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The workflow input's properties, read-only (case-insensitive when no exact match).</summary>
public sealed class InputProxy(JsonObject input) : DynamicObject
{
    /// <summary>An input property's value (null when there is none).</summary>
    public object? Get(string name) => ClrJson.ToClr(Find(name));

    /// <summary>An input property's value as <typeparamref name="T"/>.</summary>
    public T? Get<T>(string name) => ClrJson.ToClr<T>(Find(name));

    public override bool TryGetMember(GetMemberBinder binder, out object? result)
    {
        var found = input.ContainsKey(binder.Name) || input.Any(p => string.Equals(p.Key, binder.Name, StringComparison.OrdinalIgnoreCase));
        result = found ? Get(binder.Name) : null;
        return found;
    }

    public override IEnumerable<string> GetDynamicMemberNames() => input.Select(p => p.Key);

    private JsonNode? Find(string name) =>
        input.TryGetPropertyValue(name, out var value) ? value : input.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>Other activities' outputs: <c>Output.From("GetOrder1", "ParsedContent")</c>.</summary>
public sealed class OutputProxy(ExpressionScope scope)
{
    /// <summary>The output of an activity (by name or id); without a name its single or default (Output, Result) output.</summary>
    public object? From(string activityIdOrName, string? outputName = null) => ClrJson.ToClr(scope.OutputOf(activityIdOrName, outputName));
    /// <summary>The same, as <typeparamref name="T"/>.</summary>
    public T? From<T>(string activityIdOrName, string? outputName = null) => ClrJson.ToClr<T>(scope.OutputOf(activityIdOrName, outputName));
}

/// <summary>The outcomes of <c>Elsa.RunCSharp</c>: <c>Outcome.Set("Big")</c> (default Done).</summary>
public sealed class OutcomeProxy
{
    /// <summary>The outcomes RunCSharp continues on (replacing any set before).</summary>
    public void Set(params string[] outcomeNames) => Names = outcomeNames;
    internal string[]? Names { get; private set; }
}

/// <summary>Elsa's <c>ExecutionContext</c>: variables and input by name.</summary>
public sealed class ExecutionContextProxy(VariablesProxy variables, InputProxy input)
{
    public object? GetVariable(string name) => variables.Get(name);
    public T? GetVariable<T>(string name) => variables.Get<T>(name);
    public void SetVariable(string name, object? value) => variables.Set(name, value);
    public T? GetInput<T>(string name) => input.Get<T>(name);
}
