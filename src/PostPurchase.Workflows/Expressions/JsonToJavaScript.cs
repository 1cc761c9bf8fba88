using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// Builds JavaScript values straight from JSON nodes, as <c>JSON.parse</c> of the node's text would (own data
/// properties, so a key such as <c>__proto__</c> stays a plain property), without writing and re-reading the text.
/// Each call builds new objects in <paramref name="engine"/>: nothing is shared between evaluations.
/// </summary>
internal sealed class JsonToJavaScript(Engine engine)
{
    private JsonParser? _parser;

    /// <summary>The value of <paramref name="node"/>; with <paramref name="stripMarks"/>, strings lose the untrusted-text marks.</summary>
    public JsValue Convert(JsonNode? node, bool stripMarks = false)
    {
        switch (node)
        {
            case null:
                return JsValue.Null;
            case JsonObject o:
                var obj = new JsObject(engine);
                foreach (var (key, value) in o) obj.CreateDataProperty(key, Convert(value, stripMarks));
                return obj;
            case JsonArray a:
                var items = new JsValue[a.Count];
                for (var i = 0; i < items.Length; i++) items[i] = Convert(a[i], stripMarks);
                return new JsArray(engine, items);
            case JsonValue v:
                return Primitive(v, stripMarks);
            default:
                return Parse(node);
        }
    }

    private JsValue Primitive(JsonValue value, bool stripMarks)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                return new JsString(stripMarks ? UntrustedText.Strip(text) : text);
            case JsonValueKind.True:
                return JsBoolean.True;
            case JsonValueKind.False:
                return JsBoolean.False;
            case JsonValueKind.Null:
                return JsValue.Null;
            case JsonValueKind.Number when double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return JsNumber.Create(number);
            default:
                return Parse(value);
        }
    }

    // Anything unusual (a CLR value inside a JsonValue) takes JSON.parse's road.
    private JsValue Parse(JsonNode node) => (_parser ??= new JsonParser(engine)).Parse(node.ToJsonString());
}
