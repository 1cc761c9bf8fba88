using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Expressions;

/// <summary>Evaluates an input's expression by its syntax: Literal, JavaScript, Handlebars (templates), Object (JSON) or Variable.</summary>
public sealed class ExpressionEvaluator(JavaScriptEvaluator javaScript, TemplateRenderer templates)
{
    /// <summary>The syntaxes offered in the designer (Studio's expression descriptors).</summary>
    public static readonly IReadOnlyList<ExpressionSyntax> Syntaxes =
    [
        new(ExpressionTypes.Literal, "Literal", true, null),
        new(ExpressionTypes.JavaScript, "JavaScript", true, "javascript"),
        new(ExpressionTypes.Handlebars, "Template", true, "handlebars"),
        new(ExpressionTypes.Object, "Object", false, "json"),
        new(ExpressionTypes.Variable, "Variable", false, null),
    ];

    public static bool IsKnown(string type) => Syntaxes.Any(s => s.Type == type) || type == "Liquid";

    public ValueTask<JsonNode?> EvaluateAsync(Expression expression, ExpressionScope scope, ExpressionSite site, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return ValueTask.FromResult(expression.Type switch
            {
                ExpressionTypes.Literal => expression.Value?.DeepClone(),
                ExpressionTypes.JavaScript => string.IsNullOrWhiteSpace(expression.Text) ? null : javaScript.Evaluate(expression.Text!, scope, cancellationToken),
                ExpressionTypes.Handlebars or "Liquid" => JsonValue.Create(templates.Render(expression.Text ?? "", scope)),
                ExpressionTypes.Object => ParseObject(expression),
                ExpressionTypes.Variable => scope.Variables.TryGetValue(expression.Text ?? "", out var v) ? v?.DeepClone() : null,
                _ => throw new ExpressionException($"Unknown expression syntax '{expression.Type}' in {site}."),
            });
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (ScriptSyntaxException ex)
        {
            throw new ExpressionException($"{expression.Type} expression in {site} does not parse at line {ex.Line}, column {ex.Column}: {ex.Message}", ex);
        }
        catch (ScriptRuntimeException ex)
        {
            var at = ex.Line > 0 ? $" at line {ex.Line}, column {ex.Column}" : "";
            throw new ExpressionException($"{expression.Type} expression failed in {site}{at}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ExpressionException($"{expression.Type} expression failed in {site}: {ex.Message}", ex);
        }
    }

    public ValueTask<string> RenderTemplateAsync(string template, ExpressionScope scope, ExpressionSite site, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return ValueTask.FromResult(templates.Render(template, scope));
        }
        catch (Exception ex)
        {
            throw new ExpressionException($"Template failed in {site}: {ex.Message}", ex);
        }
    }

    private static JsonNode? ParseObject(Expression expression) =>
        expression.Value is JsonValue v && v.TryGetValue(out string? text)
            ? string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text)
            : expression.Value?.DeepClone();
}

public sealed record ExpressionSyntax(string Type, string DisplayName, bool IsBrowsable, string? MonacoLanguage);
