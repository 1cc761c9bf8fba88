namespace PostPurchase.Workflows.Activities.Core;

/// <summary>Elsa's Timer; here it waits one interval and continues (as a start activity it delays the flow's beginning).</summary>
[Activity("Elsa", "Scheduling", "Waits for the given interval, then continues.")]
public sealed class Timer : Activity
{
    [Input(Description = "The interval, e.g. 00:01:00.", DefaultValue = "00:01:00")]
    public Input<TimeSpan> Interval { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var interval = await context.GetAsync(Interval);
        return interval <= TimeSpan.Zero ? ActivityResult.Done() : ActivityResult.Suspend(BookmarkRequest.Timer(context.Now + interval));
    }
}
