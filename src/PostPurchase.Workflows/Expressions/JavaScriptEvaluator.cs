using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// JavaScript expressions with Jint 2.10 (ECMAScript 5.1: <c>var</c>, <c>function</c>, no arrow functions or
/// template literals). Visible: <c>input</c>, each input property by name (<c>Purchase</c>), each variable by name,
/// Elsa's <c>getX()</c>/<c>setX(v)</c> accessors and <c>getVariable(name)</c>/<c>setVariable(name, v)</c>,
/// <c>Activities</c> outputs, <c>workflowInstanceId</c>, <c>correlationId</c>, and contributed globals.
/// A script containing <c>return</c> runs as a function body, as in Elsa.
/// </summary>
public sealed partial class JavaScriptEvaluator
{
    public JsonNode? Evaluate(string script, ExpressionScope scope)
    {
        var engine = new Engine(options => options.TimeoutInterval(TimeSpan.FromSeconds(5)).MaxStatements(1_000_000).LimitRecursion(256));
        var parser = new JsonParser(engine);
        JsValue ToJs(JsonNode? node) => node is null ? JsValue.Null : parser.Parse(node.ToJsonString());

        engine.SetValue("input", ToJs(scope.Input));
        foreach (var (key, value) in scope.Input)
            if (IsIdentifier(key)) engine.SetValue(key, ToJs(value));
        engine.SetValue("Activities", ToJs(scope.Activities));
        engine.SetValue("workflowInstanceId", scope.WorkflowInstanceId);
        engine.SetValue("correlationId", scope.CorrelationId is null ? JsValue.Null : new JsValue(scope.CorrelationId));
        foreach (var (name, value) in scope.Globals)
            if (IsIdentifier(name)) engine.SetValue(name, value is JsonNode node ? ToJs(node) : JsValue.FromObject(engine, value));

        var serializer = new JsonSerializer(engine);
        JsonNode? FromJs(JsValue value) =>
            value.IsUndefined() || value.IsNull() ? null : JsonNode.Parse(serializer.Serialize(value, JsValue.Undefined, JsValue.Undefined).AsString());

        engine.SetValue("getVariable", new Func<string, JsValue>(name => ToJs(scope.Variables.TryGetValue(name, out var v) ? v : null)));
        engine.SetValue("setVariable", new Action<string, JsValue>((name, value) => Write(scope, name, FromJs(value))));
        foreach (var (name, value) in scope.Variables)
        {
            if (!IsIdentifier(name)) continue;
            var variable = name;
            engine.SetValue(variable, ToJs(value));
            engine.SetValue("get" + variable, new Func<JsValue>(() => ToJs(scope.Variables.TryGetValue(variable, out var v) ? v : null)));
            engine.SetValue("set" + variable, new Action<JsValue>(v => Write(scope, variable, FromJs(v))));
        }

        var body = ReturnStatement().IsMatch(script) ? $"(function() {{\n{script}\n}})()" : script;
        var result = engine.Execute(body).GetCompletionValue();
        return FromJs(result);
    }

    private static void Write(ExpressionScope scope, string name, JsonNode? value) => scope.Variables[name] = value;

    private static bool IsIdentifier(string name) => Identifier().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(^|[;{}\s])return\b")]
    private static partial Regex ReturnStatement();
}
