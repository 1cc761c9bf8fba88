using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tokens;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Messaging.Reviews;

public enum SubmitStatus
{
    Stored,
    AlreadySubmitted,
    Invalid,
}

public sealed record SubmitResult(SubmitStatus Status, string? Error = null, Review? Review = null);

/// <summary>
/// Review links and submissions: a signed, expiring token names a review request; submitting stores the review once
/// and queues the event that resumes the waiting ReviewRequest activity, or, when the journey no longer waits, hands
/// it to <see cref="LateReviews"/> (counted, and support alerted about an unhappy one).
/// </summary>
public sealed class ReviewService(
    UrlTokenSigner signer, IReviewStore reviews, IWorkQueue work, WorkSignal signal, MessagingSettings settings, LateReviews late, TimeProvider clock)
{
    public const string Purpose = "review";
    public const int MaxCommentLength = 2000;

    public static string RequestIdFor(string idempotencyKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("review\n" + idempotencyKey)))[..24].ToLowerInvariant();

    public string LinkFor(ReviewRequestRecord request) =>
        $"{settings.PublicBaseUrl}/review/{signer.Sign(Purpose, new Dictionary<string, string> { ["r"] = request.Id }, request.ExpiresAt)}";

    public static (int Min, int Max) Range(ReviewScale scale) => scale == ReviewScale.Nps ? (0, 10) : (1, 5);

    /// <summary>True for the error of a genuine link that is past its expiry or whose request was deleted (answered 410 Gone).</summary>
    public static bool IsGone(string error) => error is UrlTokenSigner.ExpiredError or RequestGone;

    private const string RequestGone = "This review request no longer exists.";

    /// <summary>The request a token points at, or null and why.</summary>
    public async Task<(ReviewRequestRecord? Request, string Error)> OpenAsync(string token, CancellationToken cancellationToken)
    {
        if (signer.Verify(Purpose, token, clock.GetUtcNow(), out var error) is not { } claims || !claims.TryGetValue("r", out var id))
            return (null, error);
        var request = await reviews.FindRequestAsync(id, cancellationToken);
        return request is null ? (null, RequestGone) : (request, "");
    }

    public async Task<SubmitResult> SubmitAsync(string token, string? ratingText, string? comment, CancellationToken cancellationToken)
    {
        var (request, error) = await OpenAsync(token, cancellationToken);
        if (request is null) return new SubmitResult(SubmitStatus.Invalid, error);

        var (min, max) = Range(request.Scale);
        if (!int.TryParse(ratingText, out var rating) || rating < min || rating > max)
            return new SubmitResult(SubmitStatus.Invalid, $"Please choose a rating from {min} to {max}.");
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment?.Length > MaxCommentLength)
            return new SubmitResult(SubmitStatus.Invalid, $"Please keep the comment under {MaxCommentLength} characters.");

        var review = new Review
        {
            RequestId = request.Id,
            WorkflowInstanceId = request.WorkflowInstanceId,
            Scale = request.Scale,
            Rating = rating,
            Comment = comment,
            IsPositive = rating >= request.Threshold,
            OrderId = request.OrderId,
            SubmittedAt = clock.GetUtcNow(),
        };
        var stored = await reviews.TryAddReviewAsync(review, cancellationToken);
        var saved = stored ? review : await reviews.FindReviewAsync(request.Id, cancellationToken) ?? review;

        if (!await late.IsAwaitedAsync(request, cancellationToken))
        {
            if (stored) await late.HandleAsync(request, saved, cancellationToken);
            return new SubmitResult(stored ? SubmitStatus.Stored : SubmitStatus.AlreadySubmitted, null, saved);
        }

        // Queued even for a repeat submit: if we crashed after storing the review but before queueing, the customer's
        // retry still wakes the workflow. A second event finds no bookmark and changes nothing.
        await work.EnqueueAsync(new WorkItem
        {
            Kind = WorkItemKind.Event,
            EventName = request.EventName,
            InstanceId = request.WorkflowInstanceId,
            Payload = Payload(saved),
            CreatedAt = clock.GetUtcNow(),
        }, cancellationToken);
        signal.Notify();
        return new SubmitResult(stored ? SubmitStatus.Stored : SubmitStatus.AlreadySubmitted, null, saved);
    }

    public static JsonObject Payload(Review review) => new()
    {
        ["rating"] = review.Rating,
        ["comment"] = review.Comment,
        ["scale"] = review.Scale.ToString().ToLowerInvariant(),
        ["positive"] = review.IsPositive,
    };
}
