using PostPurchase.Server.Reports;

namespace PostPurchase.Server.Tests.Reports;

public sealed class ReportPeriodTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Dates_cover_whole_utc_days_with_to_included()
    {
        var (period, _, error) = ReportPeriod.Parse("2026-11-01", "2026-11-22", Now);

        Assert.Null(error);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), period!.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), period.To);
        Assert.Equal(new DateOnly(2026, 11, 22), period.LastDay);
    }

    [Fact]
    public void Without_dates_the_period_is_the_last_30_days_until_now()
    {
        var (period, _, _) = ReportPeriod.Parse(null, "", Now);

        Assert.Equal(Now, period!.To);
        Assert.Equal(Now.AddDays(-30), period.From);
    }

    [Theory]
    [InlineData("2026-13-01", "2026-11-22", "from")]
    [InlineData("yesterday", null, "from")]
    [InlineData("2026-11-01", "22.11.2026", "to")]
    [InlineData("2026-11-23", "2026-11-22", "from")]
    [InlineData("2020-01-01", "2026-11-22", "from")]
    public void Bad_or_reversed_dates_name_the_parameter(string? from, string? to, string field)
    {
        var (period, badField, error) = ReportPeriod.Parse(from, to, Now);

        Assert.Null(period);
        Assert.Equal(field, badField);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
