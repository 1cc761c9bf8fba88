using System.Collections.Concurrent;
using System.Globalization;
using HandlebarsDotNet;
using PostPurchase.Workflows.Money;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// Text templates in Handlebars syntax (<c>{{ Purchase.Customer.FirstName }}</c>, <c>{{#each Purchase.Items}}…{{/each}}</c>),
/// kept for definitions written before Liquid. Names are case-insensitive (<see cref="TemplateModel"/>). Untrusted
/// values come out marked (<see cref="UntrustedText"/>); nothing is HTML-escaped here (the channel decides).
/// Helpers: <c>{{money amountMinor currency}}</c> (ISO 4217 exponent from <see cref="Currencies"/>),
/// <c>{{date value "yyyy-MM-dd"}}</c> (in the recipient's zone), <c>{{default value "fallback"}}</c>.
/// </summary>
public sealed class TemplateRenderer
{
    private readonly IHandlebars _handlebars;
    private readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> _cache = new();
    [ThreadStatic] private static TimeZoneInfo? _zone;

    public TemplateRenderer()
    {
        _handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
        _handlebars.RegisterHelper("money", (writer, context, args) =>
        {
            // A missing or non-numeric amount renders nothing rather than failing the whole message.
            if (args.Length == 0 || !decimal.TryParse(Text(args[0]), NumberStyles.Float, CultureInfo.InvariantCulture, out var minor))
                return;
            var currency = args.Length > 1 ? Text(args[1]) : null;
            writer.WriteSafeString(UntrustedText.Mark(Currencies.Format((long)minor, currency)));
        });
        _handlebars.RegisterHelper("date", (writer, context, args) =>
        {
            var format = args.Length > 1 ? Text(args[1]) ?? "yyyy-MM-dd" : "yyyy-MM-dd";
            if (args.Length > 0 && DateTimeOffset.TryParse(Text(args[0]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                writer.WriteSafeString(UntrustedText.Mark(TimeZoneInfo.ConvertTime(date, _zone ?? TimeZoneInfo.Utc).ToString(format, CultureInfo.InvariantCulture)));
        });
        _handlebars.RegisterHelper("default", (writer, context, args) =>
        {
            var value = args.Length > 0 ? Text(args[0]) : null;
            // The value keeps its marks; the fallback is the template's own text.
            writer.WriteSafeString(!string.IsNullOrEmpty(value) ? Raw(args[0]) : args.Length > 1 ? Text(args[1]) ?? "" : "");
        });
    }

    /// <summary>Renders <paramref name="template"/>; untrusted values come out between <see cref="UntrustedText"/> marks.</summary>
    public string Render(string template, ExpressionScope scope)
    {
        var compiled = _cache.GetOrAdd(template, t => _handlebars.Compile(t));
        _zone = TemplateModel.RecipientZone(scope);
        return compiled(TemplateModel.Build(scope, (text, trusted) => trusted ? text : UntrustedText.Mark(text)));
    }

    private static readonly IHandlebars Checker = Handlebars.Create();

    /// <summary>Throws when <paramref name="template"/> does not compile.</summary>
    public static void CheckSyntax(string template) => Checker.Compile(template);

    // Handlebars passes a missing member as an "undefined" whose text is its path: that is no value.
    private static string? Text(object? arg) => arg is null or UndefinedBindingResult ? null
        : UntrustedText.Strip(System.Convert.ToString(arg, CultureInfo.InvariantCulture) ?? "");

    private static string Raw(object? arg) => arg is null or UndefinedBindingResult ? "" : System.Convert.ToString(arg, CultureInfo.InvariantCulture) ?? "";
}
