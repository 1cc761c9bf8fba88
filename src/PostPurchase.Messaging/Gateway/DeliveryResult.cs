using PostPurchase.Messaging.Storage;

namespace PostPurchase.Messaging.Gateway;

public enum DeliveryStatus
{
    Accepted,

    /// <summary>The provider refused this recipient for good (unsubscribed, invalid, hard bounce): suppress.</summary>
    Rejected,

    /// <summary>The request was refused for a reason retrying won't fix (bad credentials, bad sender).</summary>
    PermanentFailure,

    /// <summary>Network trouble, throttling, a 4xx SMTP reply: try again.</summary>
    TransientFailure,
}

/// <summary>A provider's answer, mapped from its codes (never an exception for an expected refusal).</summary>
/// <param name="RecipientStatus">For a rejection: what to record on the suppression list.</param>
public sealed record DeliveryResult(DeliveryStatus Status, string? ProviderMessageId = null, string? Detail = null, ConsentStatus? RecipientStatus = null, string? Code = null)
{
    public static DeliveryResult Accepted(string? providerMessageId, string? detail = null) => new(DeliveryStatus.Accepted, providerMessageId, detail);
}
