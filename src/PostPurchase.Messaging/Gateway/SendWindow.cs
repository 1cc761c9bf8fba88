using System.Globalization;

namespace PostPurchase.Messaging.Gateway;

/// <summary>
/// The local hours in which a channel may deliver (outside them are quiet hours), e.g. 09:00–20:00. A window whose
/// end is before its start runs over midnight.
/// </summary>
public sealed record SendWindow(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly local) =>
        Start <= End ? local >= Start && local < End : local >= Start || local < End;

    /// <summary>The first instant at or after <paramref name="utcNow"/> that lies inside the window in <paramref name="zone"/>.</summary>
    public DateTimeOffset NextOpen(DateTimeOffset utcNow, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(utcNow, zone);
        if (Contains(TimeOnly.FromDateTime(local.DateTime))) return utcNow;

        var candidate = local.Date + Start.ToTimeSpan();
        if (candidate <= local.DateTime) candidate = candidate.AddDays(1);
        // A start that falls into a daylight-saving gap does not exist locally: open at the first hour that does.
        while (zone.IsInvalidTime(candidate)) candidate = candidate.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(candidate, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";

    public static bool TryParse(string text, out SendWindow window)
    {
        window = null!;
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || start == end)
            return false;
        window = new SendWindow(start, end);
        return true;
    }
}
