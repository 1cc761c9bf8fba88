using System.Globalization;

namespace PostPurchase.Server.Reports;

/// <summary>
/// The period a report covers, [From, To), read from <c>?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c> (UTC days; <c>to</c>
/// includes its whole day). Without <c>to</c> it ends now; without <c>from</c> it starts 30 days before its end.
/// </summary>
public sealed record ReportPeriod(DateTimeOffset From, DateTimeOffset To)
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(731);

    /// <summary>The first day shown in the period form.</summary>
    public DateOnly FirstDay => DateOnly.FromDateTime(From.UtcDateTime);

    /// <summary>The last day shown in the period form (<see cref="To"/> is exclusive).</summary>
    public DateOnly LastDay => DateOnly.FromDateTime((To - TimeSpan.FromTicks(1)).UtcDateTime);

    /// <summary>The period, or the query parameter at fault and a message for people.</summary>
    public static (ReportPeriod? Period, string? Field, string? Error) Parse(string? from, string? to, DateTimeOffset now)
    {
        DateTimeOffset end;
        if (string.IsNullOrWhiteSpace(to)) end = now;
        else if (TryParseDay(to, out var lastDay)) end = StartOf(lastDay.AddDays(1));
        else return (null, "to", $"'to' must be a date like 2026-11-30 (year-month-day), not '{to}'.");

        DateTimeOffset start;
        if (string.IsNullOrWhiteSpace(from)) start = end - DefaultLength;
        else if (TryParseDay(from, out var firstDay)) start = StartOf(firstDay);
        else return (null, "from", $"'from' must be a date like 2026-11-01 (year-month-day), not '{from}'.");

        if (start >= end) return (null, "from", "'from' must be on or before 'to'.");
        if (end - start > MaxLength) return (null, "from", $"A report covers at most {MaxLength.TotalDays:0} days; choose a shorter period.");
        return (new ReportPeriod(start, end), null, null);
    }

    private static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
