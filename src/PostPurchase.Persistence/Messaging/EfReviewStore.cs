using Microsoft.EntityFrameworkCore;
using PostPurchase.Messaging.Reviews;
using PostPurchase.Messaging.Storage;

namespace PostPurchase.Persistence.Messaging;

public sealed class EfReviewStore(IDbContextFactory<PostPurchaseDbContext> contexts) : IReviewStore
{
    public async Task SaveRequestAsync(ReviewRequestRecord request, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = new ReviewRequestRow
        {
            Id = request.Id,
            WorkflowInstanceId = request.WorkflowInstanceId,
            Scale = (int)request.Scale,
            Threshold = request.Threshold,
            PublicReviewUrl = request.PublicReviewUrl,
            OrderId = request.OrderId,
            CustomerName = request.CustomerName,
            CreatedAt = UnixTime.Ms(request.CreatedAt),
            ExpiresAt = UnixTime.Ms(request.ExpiresAt),
        };
        if (await db.Set<ReviewRequestRow>().AnyAsync(r => r.Id == request.Id, cancellationToken)) db.Update(row);
        else db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<ReviewRequestRecord?> FindRequestAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var r = await db.Set<ReviewRequestRow>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == requestId, cancellationToken);
        return r is null ? null : new ReviewRequestRecord
        {
            Id = r.Id,
            WorkflowInstanceId = r.WorkflowInstanceId,
            Scale = (ReviewScale)r.Scale,
            Threshold = r.Threshold,
            PublicReviewUrl = r.PublicReviewUrl,
            OrderId = r.OrderId,
            CustomerName = r.CustomerName,
            CreatedAt = UnixTime.At(r.CreatedAt),
            ExpiresAt = UnixTime.At(r.ExpiresAt),
        };
    }

    public async Task<bool> TryAddReviewAsync(Review review, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(new ReviewRow
        {
            RequestId = review.RequestId,
            WorkflowInstanceId = review.WorkflowInstanceId,
            Scale = (int)review.Scale,
            Rating = review.Rating,
            Comment = review.Comment,
            IsPositive = review.IsPositive,
            OrderId = review.OrderId,
            SubmittedAt = UnixTime.Ms(review.SubmittedAt),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            if (await FindReviewAsync(review.RequestId, cancellationToken) is not null) return false;
            throw;
        }
    }

    public async Task<Review?> FindReviewAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var r = await db.Set<ReviewRow>().AsNoTracking().SingleOrDefaultAsync(x => x.RequestId == requestId, cancellationToken);
        return r is null ? null : ToReview(r);
    }

    public async Task<IReadOnlyList<Review>> ListReviewsAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<ReviewRow>().AsNoTracking().OrderByDescending(r => r.SubmittedAt).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return rows.Select(ToReview).ToList();
    }

    private static Review ToReview(ReviewRow r) => new()
    {
        RequestId = r.RequestId,
        WorkflowInstanceId = r.WorkflowInstanceId,
        Scale = (ReviewScale)r.Scale,
        Rating = r.Rating,
        Comment = r.Comment,
        IsPositive = r.IsPositive,
        OrderId = r.OrderId,
        SubmittedAt = UnixTime.At(r.SubmittedAt),
    };
}
