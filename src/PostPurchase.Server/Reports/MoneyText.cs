using System.Globalization;
using PostPurchase.Workflows.Money;

namespace PostPurchase.Server.Reports;

/// <summary>
/// Amounts in minor units as reports show them: "EUR 1,234.50", "KWD 12.340", "JPY 1,500" (invariant digits, the
/// currency's ISO 4217 exponent from <see cref="Currencies"/>).
/// </summary>
public static class MoneyText
{
    public static string Format(string currency, long minorUnits) =>
        Currencies.Normalize(currency) + " " + Currencies.ToDecimal(minorUnits, currency).ToString("N" + Currencies.Exponent(currency), CultureInfo.InvariantCulture);

    /// <summary>Each currency's total, in code order, joined by commas; a dash when there is none.</summary>
    public static string Format(IReadOnlyDictionary<string, long> revenue) =>
        revenue.Count == 0 ? "–" : string.Join(", ", revenue.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => Format(r.Key, r.Value)));

    /// <summary>The sum per currency of several revenue figures.</summary>
    public static IReadOnlyDictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> revenues) =>
        revenues.SelectMany(r => r).GroupBy(r => r.Key.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
}
