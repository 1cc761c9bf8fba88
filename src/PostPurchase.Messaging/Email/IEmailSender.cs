using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Email;

public interface IEmailSender
{
    Task<DeliveryResult> SendAsync(EmailContent content, CancellationToken cancellationToken);
}
