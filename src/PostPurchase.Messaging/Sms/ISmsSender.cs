using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Sms;

public sealed record SmsContent(string To, string Body, string IdempotencyKey);

public interface ISmsSender
{
    Task<DeliveryResult> SendAsync(SmsContent sms, CancellationToken cancellationToken);

    /// <summary>
    /// The provider's id of a message to <see cref="SmsContent.To"/> with exactly this body, created at or after
    /// <paramref name="since"/>, or null when there is none (or the provider cannot be asked). The gateway asks before
    /// resending an SMS whose earlier executor died mid-send, so a crash between the provider's acceptance and our
    /// commit does not text the customer twice. Throws <see cref="MessageDeliveryException"/> when the lookup fails.
    /// </summary>
    Task<string?> FindAcceptedAsync(SmsContent sms, DateTimeOffset since, CancellationToken cancellationToken);
}
