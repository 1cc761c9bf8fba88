using Cronos;

namespace PostPurchase.Workflows.Activities.Core;

/// <summary>
/// Elsa.Cron, as a wait: continues at the next occurrence of the cron expression (UTC; 5 fields, or 6 with seconds),
/// held as a durable timer bookmark, so it fires once per run even across replicas and, when the server was down at
/// that time, once on start-up rather than once per missed occurrence. Starting new instances on a schedule (Cron as
/// a recurring trigger) is not supported yet.
/// </summary>
[Activity("Elsa", "Scheduling", "Waits until the next occurrence of a cron expression, then continues.")]
public sealed class Cron : Activity
{
    [Input(Description = "The cron expression, e.g. 0 9 * * MON (minute hour day month weekday; a sixth leading field is seconds).")]
    public Input<string> CronExpression { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var text = (await context.GetAsync(CronExpression))?.Trim() ?? "";
        CronExpression expression;
        try
        {
            expression = Cronos.CronExpression.Parse(text, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new ActivityConfigurationException($"'{text}' is not a valid cron expression: {ex.Message}");
        }

        var next = expression.GetNextOccurrence(context.Now.UtcDateTime, TimeZoneInfo.Utc)
            ?? throw new ActivityConfigurationException($"The cron expression '{text}' has no next occurrence.");
        return ActivityResult.Suspend(BookmarkRequest.Timer(new DateTimeOffset(next, TimeSpan.Zero)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption) =>
        ValueTask.FromResult(ActivityResult.Done());
}
