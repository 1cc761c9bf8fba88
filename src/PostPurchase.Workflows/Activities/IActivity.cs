namespace PostPurchase.Workflows.Activities;

/// <summary>
/// A unit of work in a workflow. Implementations are created per execution (through the service container, so
/// constructor injection works); their <see cref="Input{T}"/> properties are set from the definition first.
/// </summary>
public interface IActivity
{
    ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Called when a bookmark this activity created is resumed (timer due, event raised, timeout).</summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption);
}

/// <summary>Convenience base class: activities that never suspend only implement <see cref="ExecuteAsync"/>.</summary>
public abstract class Activity : IActivity
{
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context);

    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption) =>
        ValueTask.FromResult(ActivityResult.Done());
}

/// <summary>
/// An activity that can start a workflow (e.g. PostPurchase.PurchaseTrigger). When the runtime dispatches a trigger
/// of this type, <see cref="MatchesAsync"/> decides from the activity's inputs whether the workflow starts; the
/// context's <see cref="ActivityExecutionContext.WorkflowInput"/> is the input the new instance would get.
/// </summary>
public interface ITrigger : IActivity
{
    ValueTask<bool> MatchesAsync(ActivityExecutionContext context);
}
