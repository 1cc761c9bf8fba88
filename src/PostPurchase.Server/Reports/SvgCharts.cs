using System.Globalization;
using System.Net;
using System.Text;
using PostPurchase.Engagement.Reports;
using static System.FormattableString;

namespace PostPurchase.Server.Reports;

/// <summary>
/// Small inline SVG charts for the report page: no scripts, <c>&lt;title&gt;</c> tooltips, numbers written in the
/// invariant culture so the same report always gives the same markup.
/// </summary>
public static class SvgCharts
{
    public sealed record Bar(string Label, double Value, string ValueText);

    private const int Width = 640;
    private const int LabelWidth = 150;
    private const int ValueWidth = 90;
    private const int BarHeight = 22;
    private const int BarGap = 8;
    private const int ColumnsHeight = 180;
    private const int ColumnsLeft = 40;
    private const int ColumnsBottom = 30;

    /// <summary>Journeys started per day as columns, with the y axis at 0, half and the maximum.</summary>
    public static string StartsPerDay(IReadOnlyList<DailyCount> days)
    {
        var label = days.Count == 0
            ? "Journeys started per day: no days in the period"
            : Invariant($"Journeys started per day, {days[0].Date:yyyy-MM-dd} to {days[^1].Date:yyyy-MM-dd}: {days.Sum(d => d.Count)} in total, at most {days.Max(d => d.Count)} a day");
        var height = ColumnsHeight + ColumnsBottom + 10;
        var svg = Open(Width, height, label, "chart starts");
        var max = days.Count == 0 ? 0 : days.Max(d => d.Count);
        var plotWidth = Width - ColumnsLeft - 10;
        var top = 10;

        foreach (var tick in AxisTicks(max))
        {
            var y = top + ColumnsHeight - Scale(tick, max, ColumnsHeight);
            svg.Append(Invariant($"""<line class="grid" x1="{ColumnsLeft}" y1="{y:0.##}" x2="{Width - 10}" y2="{y:0.##}" stroke="#e5e7eb"/>"""));
            svg.Append(Invariant($"""<text x="{ColumnsLeft - 6}" y="{y + 4:0.##}" text-anchor="end" font-size="11">{tick}</text>"""));
        }

        var slot = days.Count == 0 ? 0 : (double)plotWidth / days.Count;
        var labelEvery = Math.Max(1, (int)Math.Ceiling(days.Count / 8.0));
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var barHeight = Scale(day.Count, max, ColumnsHeight);
            var x = ColumnsLeft + i * slot + slot * 0.15;
            svg.Append(Invariant($"""<rect class="bar" x="{x:0.##}" y="{top + ColumnsHeight - barHeight:0.##}" width="{slot * 0.7:0.##}" height="{barHeight:0.##}" fill="#2563eb" data-value="{day.Count}">"""));
            svg.Append(Invariant($"<title>{day.Date:yyyy-MM-dd}: {day.Count} started</title></rect>"));
            if (i % labelEvery == 0 || i == days.Count - 1)
                svg.Append(Invariant($"""<text x="{ColumnsLeft + (i + 0.5) * slot:0.##}" y="{top + ColumnsHeight + 18}" text-anchor="middle" font-size="11">{day.Date:MM-dd}</text>"""));
        }

        svg.Append(Invariant($"""<line x1="{ColumnsLeft}" y1="{top + ColumnsHeight}" x2="{Width - 10}" y2="{top + ColumnsHeight}" stroke="#6b7280"/>"""));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A message step's funnel: sent, delivered, opened (approx.), clicked and conversions.</summary>
    public static string Funnel(StepReport step) => HorizontalBars(
        $"Funnel of {step.Name}",
        [
            Count("Sent", step.Sent),
            Count("Delivered", step.Delivered),
            Count("Opened (approx.)", step.Opened),
            Count("Clicked", step.Clicked),
            Count("Conversions", step.Conversions),
        ],
        "chart funnel");

    /// <summary>A split's conversion rate per branch.</summary>
    public static string ConversionByBranch(SplitReport split) => HorizontalBars(
        $"Conversion rate per branch of {split.Name}",
        split.Branches.Select(b => new Bar(b.Branch, b.ConversionRate, Percent(b.ConversionRate))).ToList(),
        "chart branches");

    /// <summary>One labelled bar per item, lengths proportional to the values (the largest fills the width).</summary>
    public static string HorizontalBars(string title, IReadOnlyList<Bar> bars, string cssClass = "chart")
    {
        var height = Math.Max(1, bars.Count) * (BarHeight + BarGap) + BarGap;
        var label = bars.Count == 0 ? title + ": no data" : title + ": " + string.Join(", ", bars.Select(b => b.Label + " " + b.ValueText));
        var svg = Open(Width, height, label, cssClass);
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var plotWidth = Width - LabelWidth - ValueWidth;
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = BarGap + i * (BarHeight + BarGap);
            var length = Scale(bar.Value, max, plotWidth);
            svg.Append(Invariant($"""<text x="{LabelWidth - 8}" y="{y + BarHeight * 0.7:0.##}" text-anchor="end" font-size="12">{Encode(bar.Label)}</text>"""));
            svg.Append(Invariant($"""<rect class="bar" x="{LabelWidth}" y="{y}" width="{length:0.##}" height="{BarHeight}" fill="#2563eb" data-value="{bar.Value:0.######}">"""));
            svg.Append(Invariant($"<title>{Encode(bar.Label)}: {Encode(bar.ValueText)}</title></rect>"));
            svg.Append(Invariant($"""<text x="{LabelWidth + length + 6:0.##}" y="{y + BarHeight * 0.7:0.##}" font-size="12">{Encode(bar.ValueText)}</text>"""));
        }

        return svg.Append("</svg>").ToString();
    }

    public static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static Bar Count(string label, int value) => new(label, value, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The share of <paramref name="length"/> that <paramref name="value"/> is of <paramref name="max"/>; 0 when there is nothing to show.</summary>
    private static double Scale(double value, double max, double length) => max <= 0 ? 0 : value / max * length;

    /// <summary>Whole-number ticks for a count axis: 0, the middle (when whole and distinct) and the maximum.</summary>
    private static IEnumerable<int> AxisTicks(int max)
    {
        yield return 0;
        if (max >= 4 && max % 2 == 0) yield return max / 2;
        if (max > 0) yield return max;
    }

    private static StringBuilder Open(int width, int height, string label, string cssClass) => new StringBuilder()
        .Append(Invariant($"""<svg xmlns="http://www.w3.org/2000/svg" class="{cssClass}" role="img" aria-label="{Encode(label)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="system-ui,sans-serif">"""))
        .Append($"<title>{Encode(label)}</title>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
