using PostPurchase.Commerce.Purchases;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Messaging.Activities;

[Activity("PostPurchase", "Messaging", "Sends an email (Markdown body) through the message gateway: consent, quiet hours, frequency cap, sent at most once.", DisplayName = "Send Email")]
[Outcomes("Sent", "Suppressed", "Failed")]
public sealed class SendEmail(MessageGateway gateway, MessagingSettings settings) : MessageActivity(gateway)
{
    [Input(Description = "Recipient address. Empty: the purchase's email.", Order = 1)]
    public Input<string> To { get; set; } = new();

    [Input(Description = "Sender. Empty: the Email__From setting.", Order = 2)]
    public Input<string> From { get; set; } = new();

    [Input(DisplayName = "Reply-To", Description = "Optional reply address.", Order = 3)]
    public Input<string> ReplyTo { get; set; } = new();

    [Input(Description = "Subject (Handlebars template).", DefaultSyntax = "Handlebars", Order = 4)]
    public Input<string> Subject { get; set; } = new();

    [Input(Description = "Body in Markdown (Handlebars template), sent as HTML with a plain-text alternative.", UIHint = UIHints.MultiLine, DefaultSyntax = "Handlebars", Order = 5)]
    public Input<string> Body { get; set; } = new();

    [Input(Description = "transactional (no consent needed, never capped) or marketing (unsubscribe link, consent, frequency cap).",
        Options = ["transactional", "marketing"], DefaultValue = "transactional", Order = 6)]
    public Input<string> Category { get; set; } = new();

    [Input(DisplayName = "Track opens", Description = "Add a tracking pixel; opens are approximate (mail clients pre-fetch images).", DefaultValue = true, Order = 21)]
    public Input<bool?> TrackOpens { get; set; } = new();

    [Output(Description = "The Message-ID or outbox path of the sent email.")]
    public Output<string> MessageId { get; set; } = new();

    protected override async Task<bool> TrackOpensAsync(ActivityExecutionContext context) =>
        TrackOpens.Expression is null || await context.GetAsync(TrackOpens) != false;

    protected override void SetProviderMessageId(ActivityExecutionContext context, string id) => context.Set(MessageId, id);

    protected override async Task<OutgoingMessage> BuildAsync(ActivityExecutionContext context)
    {
        var purchase = PurchaseInput.From(context);
        var to = await context.GetAsync(To);
        var from = await context.GetAsync(From);
        var body = await context.GetMessageTextAsync(Body);
        return new OutgoingMessage
        {
            Channel = Channel.Email,
            Category = MessageCategories.Parse(await context.GetAsync(Category)),
            IdempotencyKey = context.IdempotencyKey,
            To = string.IsNullOrWhiteSpace(to) ? purchase?.Customer.Email : to.Trim(),
            From = string.IsNullOrWhiteSpace(from) ? settings.EmailFrom : from.Trim(),
            ReplyTo = (await context.GetAsync(ReplyTo)) is { Length: > 0 } replyTo ? replyTo.Trim() : null,
            Subject = (await context.GetAsync(Subject))?.Trim() ?? "",
            Body = body.Markdown,
            TrustedUrls = body.TrustedUrls,
            TimeZone = purchase?.Customer.TimeZone,
            Country = purchase?.Customer.Country,
            MarketingConsentHint = purchase?.Customer.MarketingConsent,
            WorkflowInstanceId = context.WorkflowInstanceId,
        };
    }
}
