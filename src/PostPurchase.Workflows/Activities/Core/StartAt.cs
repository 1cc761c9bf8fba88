namespace PostPurchase.Workflows.Activities.Core;

[Activity("Elsa", "Scheduling", "Waits until a date and time, then continues (at once if it has passed).", DisplayName = "Start At")]
public sealed class StartAt : Activity
{
    [Input(Description = "When to continue (ISO 8601, e.g. 2026-12-24T09:00:00+01:00).", UIHint = UIHints.DateTimePicker)]
    public Input<DateTimeOffset> DateTime { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var due = await context.GetAsync(DateTime);
        return due <= context.Now ? ActivityResult.Done() : ActivityResult.Suspend(BookmarkRequest.Timer(due));
    }
}
