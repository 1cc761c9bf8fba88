using PostPurchase.Messaging.Storage;
using PostPurchase.Server.Instances;
using PostPurchase.Workflows;

namespace PostPurchase.Server.Messaging;

/// <summary><c>GET /api/reviews?skip=0&amp;take=50</c> (API key): submitted reviews, newest first.</summary>
internal static class ReviewApiEndpoints
{
    public static void MapReviewApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reviews", async (IReviewStore reviews, int? skip, int? take, CancellationToken cancellationToken) =>
        {
            if (skip < 0 || take is < 1 or > 500) return Results.BadRequest(new { message = "skip must be ≥ 0 and take between 1 and 500." });
            var items = await reviews.ListReviewsAsync(skip ?? 0, take ?? 50, cancellationToken);
            return Results.Json(new { items }, JsonDefaults.Options);
        }).AddEndpointFilter<ApiKeyFilter>();
}
