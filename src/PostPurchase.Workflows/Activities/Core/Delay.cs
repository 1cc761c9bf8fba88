namespace PostPurchase.Workflows.Activities.Core;

[Activity("Elsa", "Scheduling", "Waits for a duration (durable: survives restarts), then continues.")]
public sealed class Delay : Activity
{
    [Input(Description = "How long to wait, e.g. 2.00:00:00 for two days or 00:05:00 for five minutes.", DefaultValue = "00:01:00")]
    public Input<TimeSpan> TimeSpan { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var duration = await context.GetAsync(TimeSpan);
        return duration <= System.TimeSpan.Zero
            ? ActivityResult.Done()
            : ActivityResult.Suspend(BookmarkRequest.Timer(context.Now + duration));
    }
}
