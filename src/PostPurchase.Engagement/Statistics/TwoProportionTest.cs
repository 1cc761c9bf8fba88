namespace PostPurchase.Engagement.Statistics;

/// <param name="Z">Positive when B's rate is higher.</param>
/// <param name="PValue">Two-sided.</param>
public sealed record TwoProportionResult(double RateA, double RateB, double Z, double PValue, bool Significant);

/// <summary>The two-proportion z-test with a pooled standard error: is B's rate different from A's?</summary>
public static class TwoProportionTest
{
    /// <summary>Below this many journeys in either group, or this few successes overall, the normal approximation is too rough to call.</summary>
    public const int MinimumGroupSize = 30;

    public const int MinimumSuccesses = 5;

    public static TwoProportionResult Compare(int successesA, int totalA, int successesB, int totalB, double alpha = 0.05)
    {
        if (successesA < 0 || successesB < 0 || successesA > totalA || successesB > totalB)
            throw new ArgumentOutOfRangeException(nameof(successesA), "Successes must be between 0 and the group's total.");

        var rateA = totalA == 0 ? 0 : (double)successesA / totalA;
        var rateB = totalB == 0 ? 0 : (double)successesB / totalB;
        if (totalA == 0 || totalB == 0) return new(rateA, rateB, 0, 1, false);

        var pooled = (double)(successesA + successesB) / (totalA + totalB);
        var standardError = Math.Sqrt(pooled * (1 - pooled) * (1.0 / totalA + 1.0 / totalB));
        if (standardError == 0) return new(rateA, rateB, 0, 1, false);

        var z = (rateB - rateA) / standardError;
        var p = 2 * (1 - NormalCdf(Math.Abs(z)));
        var enoughData = totalA >= MinimumGroupSize && totalB >= MinimumGroupSize && successesA + successesB >= MinimumSuccesses;
        return new(rateA, rateB, z, p, enoughData && p < alpha);
    }

    public static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7): ample for a p-value.</summary>
    private static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + 0.3275911 * x);
        var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}
