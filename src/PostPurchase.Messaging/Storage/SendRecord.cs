using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Storage;

public enum SendStatus
{
    /// <summary>Written before the provider call; still Pending after a crash or a transient failure (the next try sends again).</summary>
    Pending,
    Sent,
    Suppressed,
    Failed,
}

/// <summary>One message the gateway handled, keyed by the activity execution's idempotency key.</summary>
public sealed record SendRecord
{
    public required string IdempotencyKey { get; init; }
    public required Channel Channel { get; init; }
    public required MessageCategory Category { get; init; }

    /// <summary>Normalised address: lower-case email or E.164 number.</summary>
    public required string Recipient { get; init; }

    public required SendStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? WorkflowInstanceId { get; init; }
    public string? DefinitionId { get; init; }

    /// <summary>The step that sent it (for delivery reports in the journey report).</summary>
    public string? ActivityId { get; init; }

    public string? Subject { get; init; }

    /// <summary>The provider's id (Twilio SID, SMTP Message-ID, or the outbox file).</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>Why it was suppressed or failed.</summary>
    public string? Detail { get; init; }

    /// <summary>For reports: the class of <see cref="Detail"/> when suppressed (see <c>ReasonClasses</c>).</summary>
    public string? ReasonClass { get; init; }

    /// <summary>SMS segments billed for the message as sent (links rewritten); 0 for email.</summary>
    public int Segments { get; init; }

    /// <summary>Latest delivery status the provider reported afterwards (Twilio status callback), e.g. delivered.</summary>
    public string? DeliveryStatus { get; init; }

    public string? DeliveryErrorCode { get; init; }
    public DateTimeOffset? DeliveryUpdatedAt { get; init; }

    /// <summary>Real time at which an executor claimed the send (Pending): others wait instead of sending too.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }
}
