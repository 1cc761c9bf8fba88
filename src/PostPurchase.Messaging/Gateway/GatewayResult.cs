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

    /// <summary>For reports: why it was suppressed or deferred, as one of a few classes (see <see cref="ReasonClasses"/>).</summary>
    public string? ReasonClass { get; init; }

    /// <summary>SMS segments billed for the message as sent (0 for email).</summary>
    public int Segments { get; init; }

    public static GatewayResult Suppressed(string reason, string reasonClass) => new(GatewayStatus.Suppressed, reason) { ReasonClass = reasonClass };
    public static GatewayResult Deferred(DateTimeOffset until, string reason, string reasonClass) => new(GatewayStatus.Deferred, reason, until) { ReasonClass = reasonClass };
}

/// <summary>The reason classes the journey report breaks suppressions and deferrals down by.</summary>
public static class ReasonClasses
{
    public const string NoAddress = "no address";
    public const string InvalidAddress = "invalid address";
    public const string Bounced = "bounced";
    public const string Unsubscribed = "unsubscribed";
    public const string NoConsent = "no consent";
    public const string ProviderRefused = "provider refused";
    public const string QuietHours = "quiet hours";
    public const string FrequencyCap = "frequency cap";
}
