using Cronos;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Workflows.Scheduling.Cron;

/// <summary>Elsa's cron expressions read with Cronos: 5 fields (minute hour day month weekday), or 6 with leading seconds; UTC.</summary>
public static class CronExpressions
{
    /// <summary>Parses the expression; throws <see cref="ActivityConfigurationException"/> naming the text when it is not valid.</summary>
    public static CronExpression Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        try
        {
            var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            return CronExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new ActivityConfigurationException($"'{trimmed}' is not a valid cron expression: {ex.Message}");
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC), or null when there is none.</summary>
    public static DateTimeOffset? Next(CronExpression expression, DateTimeOffset after) =>
        expression.GetNextOccurrence(after.UtcDateTime, TimeZoneInfo.Utc) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
}
