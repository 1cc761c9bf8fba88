using System.Globalization;
using PostPurchase.Commerce.Purchases;

namespace PostPurchase.Server.Reports;

/// <summary>Amounts in minor units as people read them: "EUR 1,234.50" (invariant digits, the currency's decimals).</summary>
public static class MoneyText
{
    public static string Format(string currency, long minorUnits) =>
        currency.ToUpperInvariant() + " " + MinorUnits.ToDecimal(minorUnits, currency).ToString("N" + MinorUnits.Decimals(currency), CultureInfo.InvariantCulture);

    /// <summary>Each currency's total, in code order, joined by commas; a dash when there is none.</summary>
    public static string Format(IReadOnlyDictionary<string, long> revenue) =>
        revenue.Count == 0 ? "–" : string.Join(", ", revenue.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => Format(r.Key, r.Value)));

    /// <summary>The sum per currency of several revenue figures.</summary>
    public static IReadOnlyDictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> revenues) =>
        revenues.SelectMany(r => r).GroupBy(r => r.Key.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
}
