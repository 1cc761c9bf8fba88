using PostPurchase.Workflows.Scheduling.Cron;

namespace PostPurchase.Workflows.Activities.Core;

/// <summary>
/// Elsa.Cron. As the trigger of a published workflow (<c>canStartWorkflow</c>, or the activity the workflow starts
/// with) it starts a new instance at every occurrence (see <see cref="CronTriggers"/>) and, in the instance it started,
/// completes at once. Reached any other way it waits until the next occurrence (UTC; 5 fields, or 6 with seconds), as a
/// durable timer bookmark: it fires once per run even across replicas and, when the server was down at that time, once
/// on start-up rather than once per missed occurrence.
/// </summary>
[Activity("Elsa", "Scheduling", "Triggers periodically based on a specified CRON expression; inside a workflow, waits until the next occurrence.")]
public sealed class Cron : Activity
{
    [Input(Description = "The cron expression, e.g. 0 9 * * MON (minute hour day month weekday; a sixth leading field is seconds).")]
    public Input<string> CronExpression { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggerOfWorkflow) return ActivityResult.Done();
        var text = await context.GetAsync(CronExpression);
        var next = CronExpressions.Next(CronExpressions.Parse(text), context.Now)
            ?? throw new ActivityConfigurationException($"The cron expression '{text}' has no next occurrence.");
        return ActivityResult.Suspend(BookmarkRequest.Timer(next));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption) =>
        ValueTask.FromResult(ActivityResult.Done());
}
