using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions.CSharp;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// Evaluates an input's expression by its syntax: Literal, JavaScript, Liquid or Handlebars (text templates), Object
/// (JSON), Variable or CSharp (when enabled, see <see cref="CSharpEvaluator"/>). Template results keep <see cref="UntrustedText"/> marks; activities read them through
/// <c>ActivityExecutionContext</c>, which strips them or turns them into a <see cref="MessageText"/>.
/// </summary>
public sealed class ExpressionEvaluator(JavaScriptEvaluator javaScript, LiquidRenderer liquid, TemplateRenderer handlebars, CSharpEvaluator? csharp = null)
{
    private readonly CSharpEvaluator _csharp = csharp ?? new CSharpEvaluator(new CSharpOptions());

    /// <summary>The syntaxes offered in the designer (Studio's expression descriptors).</summary>
    public static readonly IReadOnlyList<ExpressionSyntax> Syntaxes =
    [
        new(ExpressionTypes.Literal, "Literal", true, null),
        new(ExpressionTypes.JavaScript, "JavaScript", true, "javascript"),
        new(ExpressionTypes.Liquid, "Liquid", true, "liquid"),
        new(ExpressionTypes.Handlebars, "Handlebars", true, "handlebars"),
        new(ExpressionTypes.Object, "Object", false, "json"),
        new(ExpressionTypes.Variable, "Variable", false, null),
        new(ExpressionTypes.CSharp, "C#", true, "csharp"),
    ];

    public static bool IsKnown(string type) => Syntaxes.Any(s => s.Type == type);

    public ValueTask<JsonNode?> EvaluateAsync(Expression expression, ExpressionScope scope, ExpressionSite site, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (expression.Type == ExpressionTypes.CSharp) return EvaluateCSharpAsync(expression, scope, site, cancellationToken);
        try
        {
            return ValueTask.FromResult(expression.Type switch
            {
                ExpressionTypes.Literal => expression.Value?.DeepClone(),
                ExpressionTypes.JavaScript => string.IsNullOrWhiteSpace(expression.Text) ? null : javaScript.Evaluate(expression.Text!, scope, cancellationToken),
                ExpressionTypes.Liquid => JsonValue.Create(liquid.Render(expression.Text ?? "", scope)),
                ExpressionTypes.Handlebars => JsonValue.Create(handlebars.Render(expression.Text ?? "", scope)),
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
            throw new ExpressionException($"{expression.Type} expression failed in {site}{At(ex)}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ExpressionException($"{expression.Type} expression failed in {site}: {ex.Message}", ex);
        }
    }

    private async ValueTask<JsonNode?> EvaluateCSharpAsync(Expression expression, ExpressionScope scope, ExpressionSite site, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(expression.Text)) return null;
        try
        {
            return await _csharp.EvaluateAsync(expression.Text, scope, cancellationToken);
        }
        catch (ScriptSyntaxException ex)
        {
            throw new ExpressionException($"C# expression in {site} does not compile at line {ex.Line}, column {ex.Column}: {ex.Message}", ex);
        }
        catch (ScriptRuntimeException ex)
        {
            throw new ExpressionException($"C# expression failed in {site}{At(ex)}: {ex.Message}", ex);
        }
    }

    private static string At(ScriptRuntimeException ex) =>
        ex.Line <= 0 ? "" : ex.Column > 0 ? $" at line {ex.Line}, column {ex.Column}" : $" at line {ex.Line}";

    /// <summary>Renders a Handlebars template (marks kept).</summary>
    public async ValueTask<string> RenderTemplateAsync(string template, ExpressionScope scope, ExpressionSite site, CancellationToken cancellationToken) =>
        (await EvaluateAsync(new Expression(ExpressionTypes.Handlebars, JsonValue.Create(template)), scope, site, cancellationToken))?.GetValue<string>() ?? "";

    /// <summary>
    /// The syntax error of a JavaScript, Liquid or Handlebars expression, or the first compile error of a C# one (1-based
    /// line and column), or null when it parses or is of another syntax. Used when a definition is saved.
    /// </summary>
    public static ScriptSyntaxException? Check(Expression expression)
    {
        if (string.IsNullOrWhiteSpace(expression.Text)) return null;
        try
        {
            switch (expression.Type)
            {
                case ExpressionTypes.JavaScript: JavaScriptEvaluator.Prepare(expression.Text); break;
                case ExpressionTypes.Liquid: LiquidRenderer.ParseUncached(expression.Text); break;
                case ExpressionTypes.Handlebars: TemplateRenderer.CheckSyntax(expression.Text); break;
                case ExpressionTypes.CSharp: return CSharpEvaluator.Check(expression.Text);
            }

            return null;
        }
        catch (ScriptSyntaxException ex)
        {
            return ex;
        }
        catch (Exception ex) when (expression.Type == ExpressionTypes.Handlebars)
        {
            return new ScriptSyntaxException(ex.Message, 1, 1, ex);
        }
    }

    /// <summary>Evaluates one script and template so the first live evaluation does not pay the start-up cost.</summary>
    public void WarmUp(ExpressionScope scope)
    {
        javaScript.Evaluate("const items = purchase.items.map(i => `${i.name} × ${i.quantity}`); return items.length > 0 && purchase.totalMinor > 0;", scope);
        liquid.Render("Hi {{ Purchase.Customer.FirstName | default: \"there\" }}, {{ Purchase.TotalMinor | money: Purchase.Currency }}{% for i in Purchase.Items %} {{ i.Name }}{% endfor %}", scope);
        handlebars.Render("Hi {{ default Purchase.Customer.FirstName \"there\" }}", scope);
    }

    private static JsonNode? ParseObject(Expression expression) =>
        expression.Value is JsonValue v && v.TryGetValue(out string? text)
            ? string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text)
            : expression.Value?.DeepClone();
}

public sealed record ExpressionSyntax(string Type, string DisplayName, bool IsBrowsable, string? MonacoLanguage);
