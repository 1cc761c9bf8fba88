using PostPurchase.Commerce.Purchases;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Messaging.Activities;

[Activity("PostPurchase", "Messaging", "Sends an SMS through the message gateway: E.164 numbers with recorded opt-in only, quiet hours, frequency cap, sent at most once.", DisplayName = "Send SMS")]
[Outcomes("Sent", "Suppressed", "Failed")]
public sealed class SendSms(MessageGateway gateway) : MessageActivity(gateway)
{
    [Input(Description = "Recipient number in E.164 (+14155550100). Empty: the purchase's phone.", Order = 1)]
    public Input<string> To { get; set; } = new();

    [Input(Description = "Message text (Handlebars template).", UIHint = UIHints.MultiLine, DefaultSyntax = "Handlebars", Order = 2)]
    public Input<string> Body { get; set; } = new();

    [Input(Description = "transactional or marketing (frequency cap applies).", Options = ["transactional", "marketing"], DefaultValue = "transactional", Order = 3)]
    public Input<string> Category { get; set; } = new();

    [Output(Description = "Twilio's message SID.")]
    public Output<string> MessageSid { get; set; } = new();

    protected override void SetProviderMessageId(ActivityExecutionContext context, string id) => context.Set(MessageSid, id);

    protected override async Task<OutgoingMessage> BuildAsync(ActivityExecutionContext context)
    {
        var purchase = PurchaseInput.From(context);
        var to = await context.GetAsync(To);
        var body = await context.GetMessageTextAsync(Body);
        return new OutgoingMessage
        {
            Channel = Channel.Sms,
            Category = MessageCategories.Parse(await context.GetAsync(Category)),
            IdempotencyKey = context.IdempotencyKey,
            To = string.IsNullOrWhiteSpace(to) ? purchase?.Customer.Phone : to.Trim(),
            Body = body.Plain.Trim(),
            TrustedUrls = body.TrustedUrls,
            TimeZone = purchase?.Customer.TimeZone,
            Country = purchase?.Customer.Country,
            SmsConsentHint = purchase?.Customer.SmsConsent ?? false,
            WorkflowInstanceId = context.WorkflowInstanceId,
        };
    }
}
