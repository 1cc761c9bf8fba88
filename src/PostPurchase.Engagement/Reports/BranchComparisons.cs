using System.Globalization;
using PostPurchase.Engagement.Statistics;

namespace PostPurchase.Engagement.Reports;

/// <summary>Compares every branch with the first (the control) on click rate and conversion rate.</summary>
public static class BranchComparisons
{
    public static IReadOnlyList<BranchComparison> Compare(IReadOnlyList<BranchReport> branches)
    {
        if (branches.Count < 2) return [];
        var control = branches[0];
        var comparisons = new List<BranchComparison>();
        foreach (var other in branches.Skip(1))
        {
            comparisons.Add(Compare("click rate", "clicks", control, other, b => b.Clicked));
            comparisons.Add(Compare("conversion rate", "converts", control, other, b => b.Converted));
        }

        return comparisons;
    }

    private static BranchComparison Compare(string metric, string verb, BranchReport a, BranchReport b, Func<BranchReport, int> successes)
    {
        var result = TwoProportionTest.Compare(successes(a), a.Journeys, successes(b), b.Journeys);
        var rates = $"{Percent(result.RateB)} vs {Percent(result.RateA)}, p = {result.PValue.ToString("0.###", CultureInfo.InvariantCulture)}";
        var verdict = !result.Significant
            ? $"{metric}: no significant difference between {b.Branch} and {a.Branch} yet ({rates})"
            : result.Z > 0 ? $"{metric}: {b.Branch} {verb} better than {a.Branch} ({rates})" : $"{metric}: {b.Branch} {verb} worse than {a.Branch} ({rates})";
        return new BranchComparison
        {
            Metric = metric, BranchA = a.Branch, BranchB = b.Branch, RateA = result.RateA, RateB = result.RateB,
            Z = Math.Round(result.Z, 4), PValue = Math.Round(result.PValue, 6), Significant = result.Significant, Verdict = verdict,
        };
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
