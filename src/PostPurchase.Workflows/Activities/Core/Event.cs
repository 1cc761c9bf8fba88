using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Activities.Core;

/// <summary>
/// Waits for a named event raised for this instance (or its correlation id), e.g. "delivered" or "clicked".
/// With a timeout it continues on <c>Timeout</c> when the event has not come in time.
/// </summary>
[Activity("Elsa", "Primitives", "Waits for a named event for this journey, optionally with a timeout.")]
[Outcomes("Done", "Timeout")]
public sealed class Event : Activity
{
    [Input(Description = "The event name, e.g. delivered or clicked.")]
    public Input<string> EventName { get; set; } = new();

    [Input(Description = "Continue on Timeout after this long without the event (empty: wait forever).")]
    public Input<TimeSpan?> Timeout { get; set; } = new();

    [Output(Description = "The event's payload.")]
    public Output<JsonNode> Result { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var name = await context.GetAsync(EventName);
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidOperationException("The event name is empty.");
        var timeout = await context.GetAsync(Timeout);
        return ActivityResult.Suspend(BookmarkRequest.Event(name, timeout is { } t && t > TimeSpan.Zero ? context.Now + t : null));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption)
    {
        if (resumption.Kind == ResumptionKind.Timeout) return ValueTask.FromResult(ActivityResult.Outcome("Timeout"));
        if (resumption.Payload is not null) context.Set(Result, resumption.Payload);
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
