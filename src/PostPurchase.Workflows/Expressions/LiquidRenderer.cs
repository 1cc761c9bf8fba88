using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;
using PostPurchase.Workflows.Money;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// Liquid templates (Shopify's and Elsa 3's text templates) with Fluid: <c>{{ Purchase.Customer.FirstName | default: "there" }}</c>,
/// <c>{% for item in Purchase.Items %}{{ item.Name }} × {{ item.Quantity }}{% endfor %}</c>. Names are
/// case-insensitive and see <see cref="TemplateModel"/>. Filters beyond Liquid's standard ones:
/// <c>money</c> (<c>{{ Purchase.TotalMinor | money: Purchase.Currency }}</c>: minor units by the currency's ISO 4217
/// exponent, "49.90 EUR"), and <c>date</c> rendering in the recipient's time zone (.NET or strftime formats).
/// Every value written by <c>{{ }}</c> comes out between <see cref="UntrustedText"/> marks unless it is trusted
/// (globals such as <c>Catalog</c> and <c>Store</c>).
/// </summary>
public sealed partial class LiquidRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);
    private readonly TemplateOptions _options;

    public LiquidRenderer()
    {
        _options = new TemplateOptions { ModelNamesComparer = StringComparer.OrdinalIgnoreCase };
        _options.ValueConverters.Add(value => value is TrustedString trusted ? new StringValue(trusted.Value, encode: false) : null);
        _options.Filters.AddFilter("money", Money);
        _options.Filters.AddFilter("date", Date);
    }

    /// <summary>Renders <paramref name="template"/>; throws <see cref="ScriptSyntaxException"/> when it does not parse.</summary>
    public string Render(string template, ExpressionScope scope)
    {
        var parsed = Parse(template);
        var context = new TemplateContext(_options, StringComparer.OrdinalIgnoreCase) { TimeZone = TemplateModel.RecipientZone(scope) };
        foreach (var (name, value) in TemplateModel.Build(scope, (text, trusted) => trusted && !UntrustedText.HasMarks(text) ? new TrustedString(text) : UntrustedText.Strip(text)))
            context.SetValue(name, value);
        return parsed.Render(context, MarkingEncoder.Instance);
    }

    /// <summary>Parses (and caches) <paramref name="template"/>; throws <see cref="ScriptSyntaxException"/> with line and column.</summary>
    public IFluidTemplate Parse(string template) =>
        _cache.TryGetValue(template, out var cached) ? cached : _cache[template] = ParseUncached(template);

    /// <summary>Parses without caching (checking a definition at save).</summary>
    public static IFluidTemplate ParseUncached(string template)
    {
        if (Parser.TryParse(template, out var parsed, out var error)) return parsed;
        var at = Position().Match(error ?? "");
        throw new ScriptSyntaxException(error ?? "invalid Liquid", at.Success ? int.Parse(at.Groups[1].Value) : 1, at.Success ? int.Parse(at.Groups[2].Value) : 1);
    }

    private static ValueTask<FluidValue> Money(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (input.IsNil() || !decimal.TryParse(input.ToStringValue(), NumberStyles.Float, CultureInfo.InvariantCulture, out var minor))
            return new ValueTask<FluidValue>(StringValue.Empty);
        var currency = arguments.Count > 0 ? arguments.At(0).ToStringValue() : null;
        return new ValueTask<FluidValue>(new StringValue(Currencies.Format((long)minor, currency)));
    }

    private static ValueTask<FluidValue> Date(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (!input.TryGetDateTimeInput(context, out var date)) return new ValueTask<FluidValue>(NilValue.Instance);
        var local = TimeZoneInfo.ConvertTime(date, context.TimeZone);
        var format = arguments.Count > 0 ? arguments.At(0).ToStringValue() : "yyyy-MM-dd";
        if (format.Contains('%'))
            return Fluid.Filters.MiscFilters.Date(new DateTimeValue(local), arguments, context);
        return new ValueTask<FluidValue>(new StringValue(local.ToString(format, CultureInfo.InvariantCulture)));
    }

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex Position();

    /// <summary>A string from a trusted source: written as it is.</summary>
    private sealed record TrustedString(string Value);

    /// <summary>Writes each value between <see cref="UntrustedText"/> marks instead of HTML-encoding it.</summary>
    private sealed class MarkingEncoder : TextEncoder
    {
        public static readonly MarkingEncoder Instance = new();

        public override int MaxOutputCharactersPerInputCharacter => 1;

        public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount) =>
            output.Write(UntrustedText.Mark(new string(value, startIndex, characterCount)));

        public override void Encode(TextWriter output, string value, int startIndex, int characterCount) =>
            output.Write(UntrustedText.Mark(value.Substring(startIndex, characterCount)));

        public override string Encode(string value) => UntrustedText.Mark(value);

        public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => textLength == 0 ? -1 : 0;

        public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        public override bool WillEncode(int unicodeScalar) => false;
    }
}
