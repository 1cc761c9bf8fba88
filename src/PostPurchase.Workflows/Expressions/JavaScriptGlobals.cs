using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime.Interop;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// The names a JavaScript expression sees, as in Elsa 3: <c>input</c> and each input property by name
/// (<c>purchase</c>), each variable by name plus <c>getX()</c>/<c>setX(v)</c> and the <c>variables</c> object,
/// <c>activities</c>/<c>Activities</c> outputs by activity name, <c>workflowInstanceId</c>, <c>correlationId</c>,
/// contributed globals (e.g. <c>Catalog</c>), and Elsa's common functions (<see cref="FunctionNames"/>).
/// Only names that occur in the script's text are set up (converting the purchase and catalogue to JavaScript is
/// most of an evaluation's cost); a script that builds a global's name at run time (<c>globalThis['pur' + 'chase']</c>)
/// does not find it.
/// </summary>
public sealed partial class JavaScriptGlobals(Engine engine, ExpressionScope scope, string script)
{
    /// <summary>Every function installed, for the README and tests.</summary>
    public static readonly string[] FunctionNames =
    [
        "getWorkflowDefinitionId", "getWorkflowDefinitionVersionId", "getWorkflowDefinitionVersion", "getWorkflowInstanceId",
        "getCorrelationId", "getVariable", "setVariable", "getInput", "getOutputFrom", "isNullOrWhiteSpace", "isNullOrEmpty",
        "toJson", "jsonParse", "jsonStringify", "parseGuid", "newGuid", "newGuidString", "newShortGuid", "getGuidString",
        "getShortGuid", "bytesToString", "bytesFromString", "bytesToBase64", "bytesFromBase64", "stringToBase64",
        "stringFromBase64",
    ];

    private readonly JsonParser _parser = new(engine);
    private readonly JsonSerializer _serializer = new(engine);
    private readonly JsonToJavaScript _converter = new(engine);

    public void Install()
    {
        if (Uses("input") || scope.Input.Any(p => Uses(p.Key)))
        {
            var input = ToJs(scope.Input);
            engine.SetValue("input", input);
            foreach (var (key, _) in scope.Input)
                if (IsIdentifier(key) && Uses(key)) engine.SetValue(key, input.AsObject().Get(key));
        }

        if (Uses("ctivities"))
        {
            var activities = ToJs(scope.Activities);
            engine.SetValue("Activities", activities);
            engine.SetValue("activities", activities);
        }

        engine.SetValue("workflowInstanceId", scope.WorkflowInstanceId);
        engine.SetValue("correlationId", Text(scope.CorrelationId));
        foreach (var (name, value) in scope.Globals)
            if (IsIdentifier(name) && Uses(name)) engine.SetValue(name, value is JsonNode node ? _converter.Convert(node, stripMarks: true) : JsValue.FromObject(engine, value));

        if (Uses("variables"))
        {
            var variables = new JsObject(engine);
            foreach (var (name, value) in scope.Variables) variables.Set(name, ToJs(value));
            engine.SetValue("variables", variables);
        }

        foreach (var (name, value) in scope.Variables)
        {
            if (!IsIdentifier(name) || !Uses(name)) continue;
            var variable = name;
            engine.SetValue(variable, ToJs(value));
            var pascal = char.ToUpperInvariant(variable[0]) + variable[1..];
            Function("get" + pascal, _ => ToJs(scope.Variables.TryGetValue(variable, out var v) ? v : null));
            Function("set" + pascal, args => Write(variable, Arg(args, 0)));
        }

        InstallCommonFunctions();
        InstallOutputAccessors();
    }

    // "Pascal" accessors (getTier) contain the name from its second letter on.
    private bool Uses(string name) => script.Contains(name.Length > 1 ? name[1..] : name, StringComparison.Ordinal);

    private void InstallCommonFunctions()
    {
        Function("getWorkflowDefinitionId", _ => Text(scope.DefinitionId));
        Function("getWorkflowDefinitionVersionId", _ => Text(scope.DefinitionVersionId));
        Function("getWorkflowDefinitionVersion", _ => scope.DefinitionVersion is { } v ? v : JsValue.Null);
        Function("getWorkflowInstanceId", _ => scope.WorkflowInstanceId);
        Function("getCorrelationId", _ => Text(scope.CorrelationId));
        Function("getVariable", args => ToJs(scope.Variables.TryGetValue(Name(args), out var v) ? v : null));
        Function("setVariable", args => Write(Name(args), Arg(args, 1)));
        Function("getInput", args => ToJs(scope.Input.TryGetPropertyValue(Name(args), out var v) ? v : FindIgnoringCase(scope.Input, Name(args))));
        Function("getOutputFrom", args => ToJs(OutputFrom(Name(args), args.Length > 1 && args[1].IsString() ? args[1].AsString() : null)));
        Function("isNullOrWhiteSpace", args => string.IsNullOrWhiteSpace(StringArg(args)));
        Function("isNullOrEmpty", args => string.IsNullOrEmpty(StringArg(args)));
        Function("toJson", args => Serialize(Arg(args, 0)));
        Function("jsonStringify", args => Serialize(Arg(args, 0)));
        Function("jsonParse", args => StringArg(args) is { } text ? _parser.Parse(text) : JsValue.Null);
        Function("parseGuid", args => Guid.Parse(StringArg(args) ?? "").ToString());
        Function("newGuid", _ => Guid.NewGuid().ToString());
        Function("newGuidString", _ => Guid.NewGuid().ToString());
        Function("getGuidString", _ => Guid.NewGuid().ToString());
        Function("newShortGuid", _ => ShortGuid());
        Function("getShortGuid", _ => ShortGuid());
        Function("bytesToString", args => Encoding.UTF8.GetString(Bytes(Arg(args, 0))));
        Function("bytesFromString", args => ByteArray(Encoding.UTF8.GetBytes(StringArg(args) ?? "")));
        Function("bytesToBase64", args => Convert.ToBase64String(Bytes(Arg(args, 0))));
        Function("bytesFromBase64", args => ByteArray(Convert.FromBase64String(StringArg(args) ?? "")));
        Function("stringToBase64", args => Convert.ToBase64String(Encoding.UTF8.GetBytes(StringArg(args) ?? "")));
        Function("stringFromBase64", args => Encoding.UTF8.GetString(Convert.FromBase64String(StringArg(args) ?? "")));
    }

    /// <summary>A JavaScript value as JSON (undefined and functions → null), through JSON.stringify's rules.</summary>
    public JsonNode? ToJson(JsValue value) => value switch
    {
        _ when value.IsUndefined() || value.IsNull() => null,
        JsBoolean b => JsonValue.Create(b.AsBoolean()),
        JsString s => JsonValue.Create(s.ToString()),
        _ => _serializer.Serialize(value) is { } json && json.IsString() ? JsonNode.Parse(json.AsString()) : null,
    };

    private JsValue ToJs(JsonNode? node) => _converter.Convert(node);

    private JsValue Write(string name, JsValue value)
    {
        scope.Variables[name] = ToJson(value);
        return JsValue.Undefined;
    }

    private JsonNode? OutputFrom(string activityName, string? outputName) => scope.OutputOf(activityName, outputName);

    /// <summary>
    /// Elsa's <c>get{Output}From{Activity}()</c> accessors, e.g. <c>getResultFromRunJavaScript1()</c>: the output name
    /// as declared and the activity's name with its first letter upper-cased (names of letters and digits only, as
    /// Elsa requires). Installed for the accessors the script's text names; null until the activity has run.
    /// </summary>
    private void InstallOutputAccessors()
    {
        if (!script.Contains("From", StringComparison.Ordinal)) return;
        foreach (var name in OutputAccessor().Matches(script).Select(m => m.Value).Distinct())
        {
            // "getResultFromRunJavaScript1": every split at a "From" is a candidate; the first naming an activity wins.
            for (var at = name.IndexOf("From", 4, StringComparison.Ordinal); at > 3; at = name.IndexOf("From", at + 1, StringComparison.Ordinal))
            {
                var (output, pascalActivity) = (name[3..at], name[(at + 4)..]);
                var activity = scope.ActivityNamesById.Values.FirstOrDefault(n => n.Length > 0 && n.All(char.IsLetterOrDigit) && Pascal(n) == pascalActivity);
                if (activity is null || pascalActivity.Length == 0) continue;
                engine.SetValue(name, new ClrFunction(engine, name, (_, _) => ToJs(OutputByAccessorName(activity, output))));
                break;
            }
        }
    }

    private JsonNode? OutputByAccessorName(string activity, string output) =>
        scope.Activities[activity] is JsonObject outputs
            ? outputs[output] ?? outputs.FirstOrDefault(p => Pascal(p.Key) == output).Value
            : null;

    private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    private JsValue Serialize(JsValue value) => value.IsUndefined() ? JsValue.Undefined : _serializer.Serialize(value);

    private JsValue ByteArray(byte[] bytes)
    {
        var array = new JsValue[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) array[i] = (int)bytes[i];
        return new JsArray(engine, array);
    }

    private static byte[] Bytes(JsValue value) =>
        value is JsArray array ? array.Select(v => (byte)v.AsNumber()).ToArray() : [];

    private static string ShortGuid() => ShortGuidChars().Replace(Convert.ToBase64String(Guid.NewGuid().ToByteArray()), "");

    private static JsonNode? FindIgnoringCase(JsonObject o, string name) =>
        o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private void Function(string name, Func<JsValue[], JsValue> body)
    {
        if (script.Contains(name, StringComparison.Ordinal))
            engine.SetValue(name, new ClrFunction(engine, name, (_, args) => body(args)));
    }

    private static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;
    private static string Name(JsValue[] args) => args.Length > 0 ? args[0].ToString() : "";
    private static string? StringArg(JsValue[] args) => args.Length == 0 || args[0].IsNull() || args[0].IsUndefined() ? null : args[0].ToString();
    private static JsValue Text(string? value) => value is null ? JsValue.Null : new JsString(value);

    private static bool IsIdentifier(string name) => Identifier().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\bget[A-Z][A-Za-z0-9]*From[A-Z][A-Za-z0-9]*\b")]
    private static partial Regex OutputAccessor();

    [GeneratedRegex("[/+=]")]
    private static partial Regex ShortGuidChars();
}
