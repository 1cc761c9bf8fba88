using System.Globalization;

namespace PostPurchase.Workflows.Money;

/// <summary>
/// The product's one currency table. Every amount we store is an integer in the currency's ISO 4217 minor unit
/// (exponent 0, 2, 3 or 4: 1234 JPY is ¥1,234; 1234 USD is $12.34; 12340 KWD is 12.340 KWD). Providers that count
/// differently are converted at the edge with <see cref="FromStripeAmount"/> / <see cref="ToStripeAmount"/>.
/// Unknown codes are treated as two-decimal, as ISO 4217 does for most currencies.
/// </summary>
public static class Currencies
{
    // ISO 4217 list one (2024 edition): every active code whose minor unit is not 2.
    private static readonly Dictionary<string, int> IsoExponents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        ["CLF"] = 4, ["UYW"] = 4,
    };

    // Stripe's API counts these differently from ISO 4217 (docs.stripe.com/currencies, "zero-decimal" and
    // "special cases"): ISK is sent as a two-decimal amount (100 = 1 króna), MGA as zero-decimal.
    private static readonly Dictionary<string, int> StripeExponents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ISK"] = 2, ["MGA"] = 0,
    };

    /// <summary>The ISO 4217 minor-unit exponent of <paramref name="currency"/> (0, 2, 3 or 4; 2 when unknown).</summary>
    public static int Exponent(string? currency) =>
        currency is not null && IsoExponents.TryGetValue(currency.Trim(), out var exponent) ? exponent : 2;

    /// <summary>The exponent Stripe's API uses for <paramref name="currency"/> in <c>amount</c> fields.</summary>
    public static int StripeExponent(string? currency) =>
        currency is not null && StripeExponents.TryGetValue(currency.Trim(), out var exponent) ? exponent : Exponent(currency);

    /// <summary>The upper-case ISO code (Stripe sends lower case); "USD" when none is given.</summary>
    public static string Normalize(string? currency) =>
        string.IsNullOrWhiteSpace(currency) ? "USD" : currency.Trim().ToUpperInvariant();

    /// <summary>Minor units to the major amount: 12340 KWD → 12.340.</summary>
    public static decimal ToDecimal(long minorUnits, string? currency) => minorUnits / Scale(Exponent(currency));

    /// <summary>A major amount to minor units, rounding half away from zero: 12.3456 KWD → 12346.</summary>
    public static long FromDecimal(decimal amount, string? currency) =>
        (long)Math.Round(amount * Scale(Exponent(currency)), MidpointRounding.AwayFromZero);

    /// <summary>A Stripe <c>amount</c> to our ISO minor units: 12300 ISK from Stripe → 123.</summary>
    public static long FromStripeAmount(long stripeAmount, string? currency) =>
        Rescale(stripeAmount, StripeExponent(currency), Exponent(currency));

    /// <summary>Our ISO minor units to a Stripe <c>amount</c>: 123 ISK → 12300.</summary>
    public static long ToStripeAmount(long minorUnits, string? currency) =>
        Rescale(minorUnits, Exponent(currency), StripeExponent(currency));

    /// <summary>
    /// The amount as people read it, invariant digits and the currency's own decimals: "12.340 KWD", "1,234 JPY",
    /// "1,234.50 EUR".
    /// </summary>
    public static string Format(long minorUnits, string? currency)
    {
        var exponent = Exponent(currency);
        return ToDecimal(minorUnits, currency).ToString("N" + exponent, CultureInfo.InvariantCulture) + " " + Normalize(currency);
    }

    private static decimal Scale(int exponent) => exponent switch { 0 => 1m, 2 => 100m, 3 => 1000m, 4 => 10000m, _ => (decimal)Math.Pow(10, exponent) };

    private static long Rescale(long amount, int from, int to) =>
        from == to ? amount
        : from > to ? (long)Math.Round(amount / Scale(from - to), MidpointRounding.AwayFromZero)
        : amount * (long)Scale(to - from);
}
