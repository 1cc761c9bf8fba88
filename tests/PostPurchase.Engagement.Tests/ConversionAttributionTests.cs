using PostPurchase.Commerce.Customers;
using PostPurchase.Engagement.Attribution;
using PostPurchase.Engagement.Reports;

namespace PostPurchase.Engagement.Tests;

public sealed class ConversionAttributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AttributionWindows Windows = new(TimeSpan.FromDays(7), TimeSpan.FromDays(1));
    private static readonly IReadOnlySet<string> NoOwnOrders = new HashSet<string>();

    private static CustomerOrder Order(string id, double day, long minor = 1000) => new("generic", id, minor, "EUR", T0.AddDays(day));

    [Fact]
    public void A_purchase_within_seven_days_of_a_click_is_attributed_and_one_after_is_not()
    {
        var click = new Touch("i1", "offer", IsClick: true, T0);
        var conversions = ConversionAttribution.Attribute([click], [Order("in", 6.9), Order("out", 7.1), Order("before", -0.5)], Windows, NoOwnOrders);
        Assert.Equal("in", Assert.Single(conversions).Order.OrderId);
    }

    [Fact]
    public void An_open_counts_for_one_day_and_a_click_beats_a_later_open()
    {
        var open = new Touch("i1", "onboarding", IsClick: false, T0);
        Assert.Equal(["in"], ConversionAttribution.Attribute([open], [Order("in", 0.9), Order("out", 1.5)], Windows, NoOwnOrders).Select(c => c.Order.OrderId));

        var click = new Touch("i1", "offer", IsClick: true, T0.AddDays(-2));
        var conversion = Assert.Single(ConversionAttribution.Attribute([open, click], [Order("o", 0.5)], Windows, NoOwnOrders));
        Assert.Equal("offer", conversion.Touch.ActivityId);
    }

    [Fact]
    public void The_latest_click_wins_and_the_journeys_own_order_is_never_a_conversion()
    {
        var early = new Touch("i1", "onboarding", true, T0);
        var late = new Touch("i1", "offer", true, T0.AddDays(2));
        Assert.Equal("offer", Assert.Single(ConversionAttribution.Attribute([early, late], [Order("o", 3)], Windows, NoOwnOrders)).Touch.ActivityId);
        Assert.Empty(ConversionAttribution.Attribute([early], [Order("own", 1)], Windows, new HashSet<string> { "own" }));
    }
}
