using PostPurchase.Workflows.Expressions;
using PostPurchase.Commerce.Purchases;
using System.Text.Json.Nodes;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Reviews;
using PostPurchase.Messaging.Storage;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Messaging.Activities;

/// <summary>
/// Sends a link to the hosted review page (SMS or email) and waits for the rating: Positive at or above the threshold,
/// Negative below it, NoResponse when the timeout passes (or the message could not be sent).
/// </summary>
[Activity("PostPurchase", "Messaging", "Asks for a rating (1–5 stars or 0–10 NPS) on a hosted page and waits for the answer.", DisplayName = "Review Request")]
[Outcomes("Positive", "Negative", "NoResponse")]
public sealed class ReviewRequest(MessageGateway gateway, ReviewService reviewService, IReviewStore reviews, MessagingSettings settings) : Activity
{
    private const string RequestIdKey = "reviewRequestId";
    private const string PhaseKey = "phase";

    [Input(Description = "sms or email. SMS falls back to email when the customer has no SMS consent or no E.164 number.", Options = ["email", "sms"], DefaultValue = "email", Order = 1)]
    public Input<string> Channel { get; set; } = new();

    [Input(Description = "stars (1–5) or nps (0–10).", Options = ["stars", "nps"], DefaultValue = "stars", Order = 2)]
    public Input<string> Scale { get; set; } = new();

    [Input(Description = "Ratings at or above this are Positive (empty: 4 for stars, 9 for NPS).", Order = 3)]
    public Input<int?> Threshold { get; set; } = new();

    [Input(Description = "How long to wait for the answer, e.g. 7.00:00:00.", DefaultValue = "7.00:00:00", Order = 4)]
    public Input<TimeSpan?> Timeout { get; set; } = new();

    [Input(DisplayName = "Public review URL", Description = "Offered on the thank-you page after a positive rating (e.g. your Google or Trustpilot page).", Order = 5)]
    public Input<string> PublicReviewUrl { get; set; } = new();

    [Input(Description = "Email subject (Handlebars).", DefaultSyntax = "Handlebars", Order = 6)]
    public Input<string> Subject { get; set; } = new();

    [Input(Description = "Message (Handlebars; Markdown for email). {{ ReviewUrl }} is the link; it is appended if the text lacks it.",
        UIHint = UIHints.MultiLine, DefaultSyntax = "Handlebars", Order = 7)]
    public Input<string> Message { get; set; } = new();

    [Input(Description = "transactional or marketing (marketing: unsubscribe link and frequency cap).", Options = ["transactional", "marketing"], DefaultValue = "marketing", Order = 8)]
    public Input<string> Category { get; set; } = new();

    [Output(Description = "The rating given (stars 1–5 or NPS 0–10).")]
    public Output<int> Rating { get; set; } = new();

    [Output(Description = "The customer's comment.")]
    public Output<string> Comment { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var message = GatewayStep.Saved(context) ?? await PrepareAsync(context);
        return await SendAsync(context, message);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption)
    {
        if (context.ActivityState[PhaseKey]?.GetValue<string>() == "send")
            return await SendAsync(context, GatewayStep.Saved(context) ?? await PrepareAsync(context));
        if (resumption.Kind == ResumptionKind.Timeout) return ActivityResult.Outcome("NoResponse");

        var payload = resumption.Payload as JsonObject;
        var rating = payload?["rating"]?.GetValue<int>() ?? 0;
        context.Set(Rating, rating);
        if (payload?["comment"]?.GetValue<string>() is { } comment) context.Set(Comment, comment);
        var positive = payload?["positive"]?.GetValue<bool>() ?? false;
        context.RecordEvent(JourneyEventKinds.Reviewed, positive ? "positive" : "negative", rating);
        return ActivityResult.Outcome(positive ? "Positive" : "Negative");
    }

    private async Task<ActivityResult> SendAsync(ActivityExecutionContext context, OutgoingMessage message)
    {
        context.ActivityState[PhaseKey] = "send";
        var (result, suspend) = await GatewayStep.SendAsync(context, gateway, message);
        if (suspend is not null) return suspend;
        if (result.Status != GatewayStatus.Sent) return ActivityResult.Outcome("NoResponse");

        context.ActivityState[PhaseKey] = "wait";
        var requestId = context.ActivityState[RequestIdKey]!.GetValue<string>();
        var timeout = await context.GetAsync(Timeout) is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromDays(7);
        return ActivityResult.Suspend(BookmarkRequest.Event($"review:{requestId}", context.Now + timeout));
    }

    private async Task<OutgoingMessage> PrepareAsync(ActivityExecutionContext context)
    {
        var purchase = PurchaseInput.From(context);
        var scale = (await context.GetAsync(Scale))?.Trim().ToLowerInvariant() switch
        {
            null or "" or "stars" => ReviewScale.Stars,
            "nps" => ReviewScale.Nps,
            var other => throw new ArgumentException($"Scale '{other}' is not stars or nps."),
        };
        var threshold = await context.GetAsync(Threshold) ?? (scale == ReviewScale.Nps ? 9 : 4);
        var (min, max) = ReviewService.Range(scale);
        if (threshold < min || threshold > max) throw new ArgumentException($"Threshold {threshold} is outside the {scale} scale ({min}–{max}).");
        var timeout = await context.GetAsync(Timeout) is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromDays(7);

        // A replay after a crash reuses the request it already stored, so the link, and with it the message body, is
        // the same: the gateway recognises an SMS Twilio already took by its body.
        var id = ReviewService.RequestIdFor(context.IdempotencyKey);
        var stored = context.IsSimulation ? null : await reviews.FindRequestAsync(id, context.CancellationToken);
        var request = stored ?? new ReviewRequestRecord
        {
            Id = id,
            WorkflowInstanceId = context.WorkflowInstanceId,
            Scale = scale,
            Threshold = threshold,
            PublicReviewUrl = await context.GetAsync(PublicReviewUrl) is { Length: > 0 } url ? url.Trim() : null,
            OrderId = purchase?.OrderId,
            CustomerName = purchase?.Customer.FirstName,
            CreatedAt = context.Now,
            // Long enough for late answers (they still count, see LateReviews), and room for a deferred send before the wait.
            ExpiresAt = context.Now + (settings.ReviewLinkLifetime > timeout + TimeSpan.FromDays(2) ? settings.ReviewLinkLifetime : timeout + TimeSpan.FromDays(2)),
        };
        if (!context.IsSimulation && stored is null) await reviews.SaveRequestAsync(request, context.CancellationToken);
        context.ActivityState[RequestIdKey] = request.Id;
        var link = reviewService.LinkFor(request);
        context.SetVariable("ReviewUrl", link);

        var category = MessageCategories.Parse(await context.GetAsync(Category) ?? "marketing");
        var sms = new OutgoingMessage
        {
            Channel = Gateway.Channel.Sms, Category = category, IdempotencyKey = context.IdempotencyKey, To = purchase?.Customer.Phone,
            Body = "", TimeZone = purchase?.Customer.TimeZone, Country = purchase?.Customer.Country, SmsConsentHint = purchase?.Customer.SmsConsent ?? false, WorkflowInstanceId = context.WorkflowInstanceId, DefinitionId = context.DefinitionId, ActivityId = context.ActivityId,
        };
        var useSms = (await context.GetAsync(Channel))?.Trim().ToLowerInvariant() == "sms";
        if (useSms && await gateway.SuppressionReasonAsync(sms, context.CancellationToken) is { } why)
        {
            context.AddJournalNote($"SMS not allowed ({why}); asking by email instead");
            useSms = false;
        }

        // The customer's name is data: MessageText keeps it literal in Markdown and out of click tracking.
        var name = purchase?.Customer.FirstName is { Length: > 0 } first ? UntrustedText.Mark(first) : "there";
        var written = await context.GetMessageTextAsync(Message);
        var content = written.Plain.Trim().Length > 0 ? written
            : MessageText.From(useSms ? $"Hi {name}, how did we do? Rate your order: {link}"
                : $"Hi {name},\n\nthank you for your order. How did we do? It takes ten seconds:\n\n[Rate your order]({link})");
        var text = (useSms ? content.Plain : content.Markdown).Trim();
        if (!text.Contains(link, StringComparison.Ordinal)) text += useSms ? $" {link}" : $"\n\n[Rate your order]({link})";

        var message = useSms
            ? sms with { Body = text, TrustedUrls = content.TrustedUrls }
            : new OutgoingMessage
            {
                Channel = Gateway.Channel.Email, Category = category, IdempotencyKey = context.IdempotencyKey, To = purchase?.Customer.Email,
                From = settings.EmailFrom,
                Subject = await context.GetAsync(Subject) is { Length: > 0 } s ? s.Trim() : "How did we do?",
                Body = text, TrustedUrls = content.TrustedUrls, TimeZone = purchase?.Customer.TimeZone, Country = purchase?.Customer.Country, MarketingConsentHint = purchase?.Customer.MarketingConsent,
                WorkflowInstanceId = context.WorkflowInstanceId, DefinitionId = context.DefinitionId, ActivityId = context.ActivityId,
            };
        GatewayStep.Save(context, message);
        return message;
    }
}
