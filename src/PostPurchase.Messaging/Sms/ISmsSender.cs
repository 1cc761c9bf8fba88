using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Sms;

public sealed record SmsContent(string To, string Body, string IdempotencyKey);

public interface ISmsSender
{
    Task<DeliveryResult> SendAsync(SmsContent sms, CancellationToken cancellationToken);
}
