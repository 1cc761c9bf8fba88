using System.Collections.Concurrent;
using PostPurchase.Messaging.Reviews;

namespace PostPurchase.Messaging.Storage;

public sealed class InMemoryReviewStore : IReviewStore
{
    private readonly ConcurrentDictionary<string, ReviewRequestRecord> _requests = new();
    private readonly ConcurrentDictionary<string, Review> _reviews = new();

    public Task SaveRequestAsync(ReviewRequestRecord request, CancellationToken cancellationToken = default)
    {
        _requests[request.Id] = request;
        return Task.CompletedTask;
    }

    public Task<ReviewRequestRecord?> FindRequestAsync(string requestId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_requests.GetValueOrDefault(requestId));

    public Task<bool> TryAddReviewAsync(Review review, CancellationToken cancellationToken = default) =>
        Task.FromResult(_reviews.TryAdd(review.RequestId, review));

    public Task<Review?> FindReviewAsync(string requestId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_reviews.GetValueOrDefault(requestId));

    public Task<IReadOnlyList<Review>> ListReviewsAsync(int skip, int take, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Review>>(_reviews.Values.OrderByDescending(r => r.SubmittedAt).Skip(skip).Take(take).ToList());
}
