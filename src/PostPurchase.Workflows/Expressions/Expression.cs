using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Expressions;

/// <summary>An input's expression as Elsa stores it: <c>{"type":"JavaScript","value":"…"}</c>.</summary>
public sealed record Expression(string Type, JsonNode? Value)
{
    public static Expression Literal<T>(T value) =>
        new(ExpressionTypes.Literal, value is JsonNode node ? node.DeepClone() : JsonSerializer.SerializeToNode(value, JsonDefaults.Options));

    public static Expression JavaScript(string script) => new(ExpressionTypes.JavaScript, JsonValue.Create(script));

    public static Expression Template(string template) => new(ExpressionTypes.Handlebars, JsonValue.Create(template));

    public static Expression CSharp(string script) => new(ExpressionTypes.CSharp, JsonValue.Create(script));

    public static Expression Liquid(string template) => new(ExpressionTypes.Liquid, JsonValue.Create(template));

    /// <summary>The expression's source text (expression values are strings in Elsa's format).</summary>
    public string? Text => Value switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => Value.ToJsonString(),
    };
}

public static class ExpressionTypes
{
    public const string Literal = "Literal";
    public const string JavaScript = "JavaScript";
    public const string Handlebars = "Handlebars";
    /// <summary>Liquid templates, named as Elsa 3 exports name them.</summary>
    public const string Liquid = "Liquid";
    public const string Object = "Object";
    /// <summary>C# scripts (Roslyn), only when <c>Scripting__CSharp__Enabled=true</c>.</summary>
    public const string CSharp = "CSharp";
    public const string Variable = "Variable";
}
