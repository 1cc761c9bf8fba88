using PostPurchase.Messaging.Reviews;

namespace PostPurchase.Messaging.Storage;

/// <summary>Review requests (what a review link points at) and the reviews customers submitted.</summary>
public interface IReviewStore
{
    /// <summary>Inserts the request or replaces the one with the same id.</summary>
    Task SaveRequestAsync(ReviewRequestRecord request, CancellationToken cancellationToken = default);

    Task<ReviewRequestRecord?> FindRequestAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Stores the review; false (and nothing changes) when the request already has one.</summary>
    Task<bool> TryAddReviewAsync(Review review, CancellationToken cancellationToken = default);

    Task<Review?> FindReviewAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<Review>> ListReviewsAsync(int skip, int take, CancellationToken cancellationToken = default);
}
