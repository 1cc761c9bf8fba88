using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Tokens;

namespace PostPurchase.Messaging.Tracking;

/// <summary>The message a tracking pixel stands for.</summary>
public sealed record OpenedMessage(string MessageKey, string DefinitionId, string InstanceId, string ActivityId);

/// <summary>The 1×1 image <c>/o/{token}.gif</c> in tracked emails; the token is signed, so opens can't be forged for other messages.</summary>
public sealed class OpenPixel(UrlTokenSigner signer, MessagingSettings settings)
{
    private const string Purpose = "open";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    public string UrlFor(OutgoingMessage message, DateTimeOffset now)
    {
        var token = signer.Sign(Purpose, new Dictionary<string, string>
        {
            ["m"] = message.IdempotencyKey,
            ["d"] = message.DefinitionId ?? "",
            ["i"] = message.WorkflowInstanceId ?? "",
            ["a"] = message.ActivityId ?? "",
        }, now + Lifetime);
        return $"{settings.PublicBaseUrl}/o/{token}.gif";
    }

    public OpenedMessage? Verify(string token, DateTimeOffset now)
    {
        var claims = signer.Verify(Purpose, token, now, out _);
        return claims is null ? null : new OpenedMessage(claims["m"], claims["d"], claims["i"], claims["a"]);
    }
}
