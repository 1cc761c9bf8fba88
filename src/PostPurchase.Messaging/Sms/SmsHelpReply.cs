using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Sms;

/// <summary>
/// The answer to HELP/INFO (required for US 10DLC campaigns): the shop's name, how to reach support and how to opt out.
/// Sent through the gateway as a transactional SMS keyed by the inbound MessageSid, so a replayed webhook replies once.
/// </summary>
public sealed class SmsHelpReply(MessageGateway gateway, SenderIdentity sender)
{
    /// <summary>The reply text, e.g. "Acme Photo: order updates and offers. Help: help@acme.example. Reply STOP to opt out."</summary>
    public string Text => $"{sender.StoreName}: order updates by text. Help: {sender.SupportEmail}. Reply STOP to opt out. Msg&data rates may apply.";

    /// <summary>Sends the reply to <paramref name="to"/> for the inbound message <paramref name="messageSid"/>.</summary>
    public Task<GatewayResult> SendAsync(string to, string messageSid, DateTimeOffset now, CancellationToken cancellationToken) =>
        gateway.SendAsync(new OutgoingMessage
        {
            Channel = Channel.Sms,
            Category = MessageCategory.Transactional,
            IdempotencyKey = "sms-help:" + messageSid,
            To = to,
            Body = Text,
            SmsConsentHint = true, // they wrote to us and asked
            IsReply = true,
        }, now, new SendOptions(), cancellationToken);
}
