using System.Globalization;

namespace PostPurchase.Server.Reports;

/// <summary>Amounts in minor units as people read them: "EUR 1,234.50" (invariant digits, the currency's decimals).</summary>
public static class MoneyText
{
    // ISO 4217 currencies whose minor unit is not 1/100.
    private static readonly IReadOnlyDictionary<string, int> Decimals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    public static string Format(string currency, long minorUnits)
    {
        var decimals = Decimals.GetValueOrDefault(currency, 2);
        var major = minorUnits / (decimal)Math.Pow(10, decimals);
        return currency.ToUpperInvariant() + " " + major.ToString("N" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>Each currency's total, in code order, joined by commas; a dash when there is none.</summary>
    public static string Format(IReadOnlyDictionary<string, long> revenue) =>
        revenue.Count == 0 ? "–" : string.Join(", ", revenue.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => Format(r.Key, r.Value)));

    /// <summary>The sum per currency of several revenue figures.</summary>
    public static IReadOnlyDictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> revenues) =>
        revenues.SelectMany(r => r).GroupBy(r => r.Key.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
}
