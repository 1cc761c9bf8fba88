namespace PostPurchase.Messaging.Gateway;

public enum GatewayStatus
{
    Sent,

    /// <summary>Not sent and never will be (no consent, unsubscribed, bounced, no or invalid address).</summary>
    Suppressed,

    /// <summary>Not sent yet: quiet hours or the frequency cap; try again at <see cref="GatewayResult.DeferUntil"/>.</summary>
    Deferred,

    /// <summary>The provider failed and retries are exhausted.</summary>
    Failed,
}

/// <summary>What the gateway did with a message, and which rule decided it (for the journal).</summary>
public sealed record GatewayResult(GatewayStatus Status, string Reason, DateTimeOffset? DeferUntil = null, string? ProviderMessageId = null)
{
    /// <summary>True when a send record already existed: the message went out on an earlier run and was not sent again.</summary>
    public bool WasReplay { get; init; }

    public static GatewayResult Suppressed(string reason) => new(GatewayStatus.Suppressed, reason);
    public static GatewayResult Deferred(DateTimeOffset until, string reason) => new(GatewayStatus.Deferred, reason, until);
}
