using System.Globalization;
using System.Xml.Linq;
using PostPurchase.Engagement.Reports;
using PostPurchase.Server.Reports;

namespace PostPurchase.Server.Tests.Reports;

public sealed class SvgChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Funnel_bar_lengths_are_proportional_to_the_figures()
    {
        var step = new StepReport { ActivityId = "email1", Name = "Offer email", Type = "PostPurchase.SendEmail", Sent = 200, Delivered = 150, Opened = 100, Clicked = 50, Conversions = 0 };

        var bars = Bars(SvgCharts.Funnel(step));

        Assert.Equal([200, 150, 100, 50, 0], bars.Select(b => b.Value));
        var longest = bars[0].Width;
        Assert.True(longest > 0);
        foreach (var bar in bars)
            Assert.Equal(bar.Value / 200.0, bar.Width / longest, precision: 3);
        Assert.Contains("Clicked: 50", bars.Select(b => b.Title));
    }

    [Fact]
    public void Branch_chart_shows_each_conversion_rate_in_proportion()
    {
        var split = new SplitReport
        {
            ActivityId = "split1", Name = "Copy test", Comparisons = [],
            Branches = [new BranchReport { Branch = "A", Journeys = 100, Converted = 10 }, new BranchReport { Branch = "B", Journeys = 100, Converted = 25 }],
        };

        var svg = SvgCharts.ConversionByBranch(split);
        var bars = Bars(svg);

        Assert.Equal(0.4, bars[0].Width / bars[1].Width, precision: 3);
        Assert.Equal(["A: 10.0 %", "B: 25.0 %"], bars.Select(b => b.Title));
        Assert.Contains("aria-label=\"Conversion rate per branch of Copy test: A 10.0 %, B 25.0 %\"", svg);
    }

    [Fact]
    public void Starts_per_day_columns_follow_the_counts_with_labelled_axis()
    {
        var days = new[] { new DailyCount(new DateOnly(2026, 11, 1), 2), new DailyCount(new DateOnly(2026, 11, 2), 0), new DailyCount(new DateOnly(2026, 11, 3), 8) };

        var svg = SvgCharts.StartsPerDay(days);
        var document = XDocument.Parse(svg);
        var bars = document.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();

        Assert.Equal("img", (string?)document.Root!.Attribute("role"));
        Assert.Equal(3, bars.Count);
        var heights = bars.Select(b => double.Parse((string)b.Attribute("height")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(0.25, heights[0] / heights[2], precision: 3);
        Assert.Equal(0, heights[1]);
        Assert.Equal(["2026-11-01: 2 started", "2026-11-02: 0 started", "2026-11-03: 8 started"], bars.Select(b => b.Element(Svg + "title")!.Value));
        var axisLabels = document.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("0", axisLabels);
        Assert.Contains("4", axisLabels);
        Assert.Contains("8", axisLabels);
        Assert.Contains("11-03", axisLabels);
    }

    [Fact]
    public void Charts_without_data_render_empty_without_dividing_by_zero()
    {
        var zeroDays = SvgCharts.StartsPerDay([new DailyCount(new DateOnly(2026, 11, 1), 0), new DailyCount(new DateOnly(2026, 11, 2), 0)]);
        var noDays = SvgCharts.StartsPerDay([]);
        var zeroFunnel = SvgCharts.Funnel(new StepReport { ActivityId = "sms1", Name = "SMS", Type = "PostPurchase.SendSms" });
        var noBranches = SvgCharts.ConversionByBranch(new SplitReport { ActivityId = "s", Name = "Empty", Branches = [], Comparisons = [] });

        foreach (var svg in new[] { zeroDays, noDays, zeroFunnel, noBranches })
        {
            Assert.DoesNotContain("NaN", svg);
            Assert.DoesNotContain("Infinity", svg);
            XDocument.Parse(svg); // well-formed
        }

        Assert.All(Bars(zeroFunnel), b => Assert.Equal(0, b.Width));
        Assert.Empty(Bars(noBranches));
        Assert.Contains("no data", noBranches);
        Assert.Contains("no days in the period", noDays);
    }

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var bars = SvgCharts.HorizontalBars("Thirds", [new SvgCharts.Bar("one", 1, "1"), new SvgCharts.Bar("three", 3, "3")]);
            var branch = SvgCharts.ConversionByBranch(new SplitReport
            {
                ActivityId = "s", Name = "S", Comparisons = [], Branches = [new BranchReport { Branch = "A", Journeys = 3, Converted = 1 }],
            });

            Assert.Contains("width=\"133.33\"", bars);
            Assert.DoesNotContain("133,33", bars);
            Assert.Contains("33.3 %", branch);
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            Assert.Equal(bars, SvgCharts.HorizontalBars("Thirds", [new SvgCharts.Bar("one", 1, "1"), new SvgCharts.Bar("three", 3, "3")]));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    private sealed record BarElement(double Value, double Width, string Title);

    private static List<BarElement> Bars(string svg) => XDocument.Parse(svg).Descendants(Svg + "rect")
        .Where(r => (string?)r.Attribute("class") == "bar")
        .Select(r => new BarElement(
            double.Parse((string)r.Attribute("data-value")!, CultureInfo.InvariantCulture),
            double.Parse((string)r.Attribute("width")!, CultureInfo.InvariantCulture),
            r.Element(Svg + "title")!.Value))
        .ToList();
}
