using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandlebarsDotNet;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// Text templates in Handlebars syntax (<c>{{ Purchase.Customer.FirstName }}</c>, <c>{{#each Purchase.Items}}…{{/each}}</c>).
/// Names are case-insensitive; output is not HTML-escaped (message bodies are Markdown, rendered safely later).
/// Helpers: <c>{{money amountMinor currency}}</c>, <c>{{date value "yyyy-MM-dd"}}</c>, <c>{{default value "fallback"}}</c>.
/// </summary>
public sealed class TemplateRenderer
{
    private readonly IHandlebars _handlebars;
    private readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> _cache = new();

    public TemplateRenderer()
    {
        _handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
        _handlebars.RegisterHelper("money", (writer, context, args) =>
        {
            // A missing or non-numeric amount renders nothing rather than failing the whole message.
            if (args.Length == 0 || !decimal.TryParse(System.Convert.ToString(args[0], CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var minor))
                return;
            var currency = args.Length > 1 && args[1] is string { Length: > 0 } code ? code : "USD";
            var decimals = ZeroDecimalCurrencies.Contains(currency) ? 0 : 2;
            var amount = minor / (decimal)Math.Pow(10, decimals);
            writer.WriteSafeString($"{amount.ToString("N" + decimals, CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}");
        });
        _handlebars.RegisterHelper("date", (writer, context, args) =>
        {
            var format = args.Length > 1 ? args[1]?.ToString() ?? "yyyy-MM-dd" : "yyyy-MM-dd";
            if (args.Length > 0 && DateTimeOffset.TryParse(args[0]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                writer.WriteSafeString(date.ToString(format, CultureInfo.InvariantCulture));
        });
        _handlebars.RegisterHelper("default", (writer, context, args) =>
        {
            var value = args.Length > 0 ? args[0]?.ToString() : null;
            writer.WriteSafeString(string.IsNullOrEmpty(value) && args.Length > 1 ? args[1]?.ToString() ?? "" : value ?? "");
        });
    }

    public string Render(string template, ExpressionScope scope)
    {
        var compiled = _cache.GetOrAdd(template, t => _handlebars.Compile(t));
        return compiled(BuildModel(scope));
    }

    /// <summary>The template model: input properties at the top level, plus Input, Variables, Activities and globals.</summary>
    public static Dictionary<string, object?> BuildModel(ExpressionScope scope)
    {
        var model = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in scope.Input) model[key] = ToModel(value);
        model["Input"] = ToModel(scope.Input);
        var variables = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in scope.Variables)
        {
            variables[key] = ToModel(value);
            model.TryAdd(key, variables[key]);
        }

        model["Variables"] = variables;
        model["Activities"] = ToModel(scope.Activities);
        model["WorkflowInstanceId"] = scope.WorkflowInstanceId;
        model["CorrelationId"] = scope.CorrelationId;
        foreach (var (key, value) in scope.Globals) model[key] = value is JsonNode node ? ToModel(node) : value;
        return model;
    }

    public static object? ToModel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToModel(p.Value), StringComparer.OrdinalIgnoreCase),
        JsonArray a => a.Select(ToModel).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.TryGetValue(out string? text) ? text : v.ToString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Values parsed from JSON and values built in code (int, long, decimal…) both arrive here.
            JsonValueKind.Number => v.TryGetValue(out long l) ? l : v.TryGetValue(out int i) ? i : v.TryGetValue(out decimal d) ? d
                : decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => node.ToJsonString(),
    };

    private static readonly HashSet<string> ZeroDecimalCurrencies = new(StringComparer.OrdinalIgnoreCase) { "JPY", "KRW", "VND", "CLP", "ISK", "XAF", "XOF" };
}
