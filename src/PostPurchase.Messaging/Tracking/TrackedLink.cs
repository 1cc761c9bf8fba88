namespace PostPurchase.Messaging.Tracking;

/// <summary>A link in a sent message, replaced by <c>/c/{Id}</c>: the redirect goes only to the stored URL, never to one from the request.</summary>
public sealed record TrackedLink
{
    /// <summary>An HMAC of the message key and URL (so a replayed send reuses it): 16 URL-safe characters, unguessable.</summary>
    public required string Id { get; init; }

    public required string Url { get; init; }
    public required string MessageKey { get; init; }
    public required string DefinitionId { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
