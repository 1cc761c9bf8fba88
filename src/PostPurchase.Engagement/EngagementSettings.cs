using System.Globalization;
using Microsoft.Extensions.Configuration;
using PostPurchase.Engagement.Reports;

namespace PostPurchase.Engagement;

/// <summary>The <c>Reports</c> section: attribution windows and how long an experiment's branch counts a purchase.</summary>
public sealed record EngagementSettings
{
    public TimeSpan ClickWindow { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan OpenWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>A split branch's journey counts as converted when the customer buys again within this time after the split.</summary>
    public TimeSpan ExperimentWindow { get; init; } = TimeSpan.FromDays(30);

    public AttributionWindows Windows => new(ClickWindow, OpenWindow);

    public static EngagementSettings Read(IConfiguration configuration) => new()
    {
        ClickWindow = Days(configuration, "Reports:ClickWindowDays", 7),
        OpenWindow = Days(configuration, "Reports:OpenWindowDays", 1),
        ExperimentWindow = Days(configuration, "Reports:ExperimentWindowDays", 30),
    };

    private static TimeSpan Days(IConfiguration configuration, string key, double fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return TimeSpan.FromDays(fallback);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) || days < 0 || days > 3650)
            throw new InvalidOperationException($"Setting {key.Replace(":", "__")} must be a number of days between 0 and 3650, not '{text}'.");
        return TimeSpan.FromDays(days);
    }
}
