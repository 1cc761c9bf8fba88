using PostPurchase.Engagement.Statistics;

namespace PostPurchase.Engagement.Tests;

public sealed class TwoProportionTestTests
{
    [Fact]
    public void Matches_the_hand_computed_z_and_p_value()
    {
        // 200/1000 vs 250/1000: pooled p = 0.225, SE = sqrt(0.225 · 0.775 · 2/1000) = 0.018675, z = 0.05 / SE = 2.6774,
        // two-sided p = 2 · (1 − Φ(2.6774)) = 0.00742.
        var result = TwoProportionTest.Compare(200, 1000, 250, 1000);
        Assert.Equal(2.6774, result.Z, 3);
        Assert.Equal(0.00742, result.PValue, 4);
        Assert.True(result.Significant);
    }

    [Fact]
    public void A_small_or_equal_sample_is_not_significant()
    {
        Assert.False(TwoProportionTest.Compare(1, 10, 5, 10).Significant); // p ≈ 0.05 but far too few journeys to call
        var equal = TwoProportionTest.Compare(100, 1000, 100, 1000);
        Assert.Equal((0.0, 1.0, false), (equal.Z, equal.PValue, equal.Significant));
        Assert.Equal((0.0, 1.0), (TwoProportionTest.Compare(0, 500, 0, 500).Z, TwoProportionTest.Compare(0, 500, 0, 500).PValue));
        Assert.False(TwoProportionTest.Compare(0, 0, 3, 40).Significant);
    }

    [Fact]
    public void The_normal_cdf_is_accurate()
    {
        // Reference values of the standard normal CDF; the approximation is good to about 1e-7.
        foreach (var (x, phi) in new[] { (0.0, 0.5), (1.96, 0.9750021), (-1.0, 0.1586553), (3.0, 0.9986501) })
            Assert.True(Math.Abs(TwoProportionTest.NormalCdf(x) - phi) < 1e-6, $"Φ({x}) = {TwoProportionTest.NormalCdf(x)}, expected {phi}");
    }
}
