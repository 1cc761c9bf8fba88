using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Tracking;

/// <summary>The body as it goes out: links rewritten (and stored before the send) and, for email, the open pixel's URL.</summary>
public sealed record TrackedBody(string Body, string? OpenPixelUrl);

/// <summary>Prepares a message's tracking just before the provider call; a message with tracking off goes out as written.</summary>
public sealed class MessageTracking(LinkRewriter rewriter, OpenPixel pixel, ITrackedLinkStore links)
{
    public async Task<TrackedBody> PrepareAsync(OutgoingMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = message.Body;
        if (message.TrackLinks)
        {
            var (rewritten, tracked) = rewriter.Rewrite(message, now);
            if (tracked.Count > 0) await links.SaveAsync(tracked, cancellationToken);
            body = rewritten;
        }

        var pixelUrl = message.TrackOpens && message.Channel == Channel.Email ? pixel.UrlFor(message, now) : null;
        return new TrackedBody(body, pixelUrl);
    }
}
