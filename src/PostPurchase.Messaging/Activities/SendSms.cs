using PostPurchase.Messaging.Gateway;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Messaging.Activities;

[Activity("PostPurchase", "Messaging", "Sends an SMS through the message gateway: E.164 numbers with recorded opt-in only, quiet hours, frequency cap, sent at most once.", DisplayName = "Send SMS")]
[Outcomes("Sent", "Suppressed", "Failed")]
public sealed class SendSms(MessageGateway gateway) : Activity
{
    [Input(Description = "Recipient number in E.164 (+14155550100). Empty: the purchase's phone.", Order = 1)]
    public Input<string> To { get; set; } = new();

    [Input(Description = "Message text (Handlebars template).", UIHint = UIHints.MultiLine, DefaultSyntax = "Handlebars", Order = 2)]
    public Input<string> Body { get; set; } = new();

    [Input(Description = "transactional or marketing (frequency cap applies).", Options = ["transactional", "marketing"], DefaultValue = "transactional", Order = 3)]
    public Input<string> Category { get; set; } = new();

    [Output(Description = "Twilio's message SID.")]
    public Output<string> MessageSid { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var message = GatewayStep.Saved(context) ?? await BuildAsync(context);
        GatewayStep.Save(context, message);
        return await SendAsync(context, message);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption) =>
        await SendAsync(context, GatewayStep.Saved(context) ?? await BuildAsync(context));

    private async Task<ActivityResult> SendAsync(ActivityExecutionContext context, OutgoingMessage message)
    {
        var (result, suspend) = await GatewayStep.SendAsync(context, gateway, message);
        if (suspend is not null) return suspend;
        if (result.ProviderMessageId is { } id) context.Set(MessageSid, id);
        return ActivityResult.Outcome(result.Status.ToString());
    }

    private async Task<OutgoingMessage> BuildAsync(ActivityExecutionContext context)
    {
        var purchase = PurchaseInput.From(context);
        var to = await context.GetAsync(To);
        return new OutgoingMessage
        {
            Channel = Channel.Sms,
            Category = MessageCategories.Parse(await context.GetAsync(Category)),
            IdempotencyKey = context.IdempotencyKey,
            To = string.IsNullOrWhiteSpace(to) ? purchase?.Customer.Phone : to.Trim(),
            Body = (await context.GetAsync(Body))?.Trim() ?? "",
            TimeZone = purchase?.Customer.TimeZone,
            SmsConsentHint = purchase?.Customer.SmsConsent ?? false,
            WorkflowInstanceId = context.WorkflowInstanceId,
        };
    }
}
