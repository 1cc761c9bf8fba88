using System.Text;
using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Messaging.Reviews;

/// <summary>
/// A review that arrives after its journey stopped waiting (it took the no-answer path, finished or was cancelled):
/// it is still stored (by <see cref="ReviewService"/>), counted in the journey report at its ReviewRequest step, and an
/// unhappy one still reaches support: the server emails <c>Support__Email</c> itself, since no journey will.
/// </summary>
public sealed class LateReviews(
    IWorkflowInstanceStore instances, IJourneyEventStore events, MessageGateway gateway, SenderIdentity sender, MessagingSettings settings,
    TimeProvider clock, ILogger<LateReviews> logger)
{
    /// <summary>True while the journey waits for this review (then the review's event resumes it).</summary>
    public async Task<bool> IsAwaitedAsync(ReviewRequestRecord request, CancellationToken cancellationToken)
    {
        var instance = await instances.FindAsync(request.WorkflowInstanceId, cancellationToken);
        return instance is { IsActive: true } && instance.State.Bookmarks.Any(b => b.Type == BookmarkType.Event && b.EventName == request.EventName);
    }

    /// <summary>Counts the late review for the report and alerts support about an unhappy one (each once per request).</summary>
    public async Task HandleAsync(ReviewRequestRecord request, Review review, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The request's id is derived from the sending step's idempotency key, which its "sent" fact carries.
        var sent = (await events.ListForInstancesAsync([request.WorkflowInstanceId], JourneyEventKinds.Sent, cancellationToken))
            .FirstOrDefault(e => e.MessageKey is { } key && ReviewService.RequestIdFor(key) == request.Id);
        if (sent is not null)
            await events.AppendAsync([new JourneyEvent
            {
                DefinitionId = sent.DefinitionId, InstanceId = sent.InstanceId, ActivityId = sent.ActivityId, Kind = JourneyEventKinds.Reviewed,
                Detail = review.IsPositive ? "positive, late" : "negative, late", Value = review.Rating, MessageKey = sent.MessageKey, At = now,
            }], cancellationToken);
        else
            logger.LogWarning("Late review for request {RequestId}: no sent review request found for instance {InstanceId}; not counted in the report", request.Id, request.WorkflowInstanceId);
        logger.LogInformation("Late {Rating} review for order {OrderId} (instance {InstanceId} no longer waits)", review.Rating, request.OrderId, request.WorkflowInstanceId);

        if (review.IsPositive) return;
        var result = await gateway.SendAsync(SupportAlert(request, review), now, new SendOptions(), cancellationToken);
        logger.LogInformation("Late unhappy review for order {OrderId}: support alert {Status}", request.OrderId, result.Status);
    }

    private OutgoingMessage SupportAlert(ReviewRequestRecord request, Review review)
    {
        var (_, max) = ReviewService.Range(review.Scale);
        var order = request.OrderId ?? "(no order id)";
        var body = new StringBuilder()
            .Append($"A customer rated order **{Escape(order)}** {review.Rating}/{max} on {review.SubmittedAt:yyyy-MM-dd HH:mm} UTC, ")
            .Append("after the journey had stopped waiting for the review, so no journey step will follow it up.\n\n")
            .Append(review.Comment is { } comment ? $"Their comment:\n\n> {Escape(comment).Replace("\n", "\n> ")}\n" : "They left no comment.\n")
            .Append($"\nJourney instance: {request.WorkflowInstanceId}\n");
        return new OutgoingMessage
        {
            Channel = Channel.Email,
            Category = MessageCategory.Transactional,
            IdempotencyKey = "late-review:" + request.Id,
            To = sender.SupportEmail,
            From = settings.EmailFrom,
            Subject = $"Late unhappy review: {review.Rating}/{max} for order {order}",
            Body = body.ToString(),
            WorkflowInstanceId = request.WorkflowInstanceId,
        };
    }

    /// <summary>The customer's text is data: Markdown punctuation is escaped so it cannot become links or markup.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\`*_{}[]()#+-.!<>|~".Contains(c)) escaped.Append('\\');
            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
