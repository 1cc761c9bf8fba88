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
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var message = GatewayStep.Saved(context) ?? await BuildAsync(context);
        GatewayStep.Save(context, message);
        return await SendAsync(context, message);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption) =>
        await SendAsync(context, GatewayStep.Saved(context) ?? await BuildAsync(context));

    protected abstract Task<OutgoingMessage> BuildAsync(ActivityExecutionContext context);

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
