using PostPurchase.Messaging.Tracking;

namespace PostPurchase.Server.Engagement;

/// <summary>
/// The public ends of tracked messages: <c>/c/{id}</c> records a click and redirects (302) to the stored URL only;
/// <c>/o/{token}.gif</c> records an open and returns a transparent pixel. Unknown or tampered ids get 404.
/// </summary>
internal static class TrackingEndpoints
{
    /// <summary>A 1×1 transparent GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/c/{id}", async (string id, HttpContext http, EngagementRecorder recorder, CancellationToken cancellationToken) =>
        {
            var url = await recorder.ClickAsync(id, http.Request.Headers.UserAgent, cancellationToken);
            if (url is null) return Results.NotFound("This link is not valid.");
            http.Response.Headers.CacheControl = "no-store";
            return Results.Redirect(url, permanent: false);
        }).ExcludeFromDescription();

        app.MapGet("/o/{token}.gif", async (string token, HttpContext http, EngagementRecorder recorder, CancellationToken cancellationToken) =>
        {
            if (!await recorder.OpenAsync(token, http.Request.Headers.UserAgent, cancellationToken)) return Results.NotFound();
            http.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate";
            return Results.Bytes(Pixel, "image/gif");
        }).ExcludeFromDescription();
        return app;
    }
}
