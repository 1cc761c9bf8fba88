using PostPurchase.Messaging.Gateway;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Messaging.Activities;

/// <summary>
/// The life of a one-message activity: render the message once (kept in the activity's state, so a deferred send
/// resumes with the same content), hand it to the gateway, wait on a timer when it is deferred, and end on the
/// gateway's outcome (Sent, Suppressed, Failed).
/// </summary>
public abstract class MessageActivity(MessageGateway gateway) : Activity
{
    [Input(DisplayName = "Track links", Description = "Rewrite links to short tracked redirects (/c/…) that count clicks and raise the 'clicked' event for this journey.",
        DefaultValue = true, Order = 20)]
    public Input<bool?> TrackLinks { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var message = GatewayStep.Saved(context) ?? await WithStepAsync(context, await BuildAsync(context));
        GatewayStep.Save(context, message);
        return await SendAsync(context, message);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption) =>
        await SendAsync(context, GatewayStep.Saved(context) ?? await WithStepAsync(context, await BuildAsync(context)));

    protected abstract Task<OutgoingMessage> BuildAsync(ActivityExecutionContext context);

    /// <summary>Whether to add an open-tracking pixel (email only).</summary>
    protected virtual Task<bool> TrackOpensAsync(ActivityExecutionContext context) => Task.FromResult(false);

    private async Task<OutgoingMessage> WithStepAsync(ActivityExecutionContext context, OutgoingMessage message) => message with
    {
        DefinitionId = context.DefinitionId,
        ActivityId = context.ActivityId,
        TrackLinks = TrackLinks.Expression is null || await context.GetAsync(TrackLinks) != false,
        TrackOpens = await TrackOpensAsync(context),
    };

    /// <summary>Stores the provider's id of the sent message in the activity's output.</summary>
    protected abstract void SetProviderMessageId(ActivityExecutionContext context, string id);

    private async Task<ActivityResult> SendAsync(ActivityExecutionContext context, OutgoingMessage message)
    {
        var (result, suspend) = await GatewayStep.SendAsync(context, gateway, message);
        if (suspend is not null) return suspend;
        if (result.ProviderMessageId is { } id) SetProviderMessageId(context, id);
        return ActivityResult.Outcome(result.Status.ToString());
    }
}
