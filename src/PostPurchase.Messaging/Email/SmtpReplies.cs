using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// Maps what an SMTP send threw to a <see cref="DeliveryResult"/>, by reply code (RFC 5321 §4.2) and enhanced status
/// code (RFC 3463): a 5xx refusal of the recipient is a hard bounce (the address is suppressed); any other 5xx, a
/// failed login or TLS that cannot be established is a permanent failure of this message; 4xx replies and network
/// trouble are transient (the engine retries).
/// </summary>
public static partial class SmtpReplies
{
    /// <summary>Null when the exception is not one a send is expected to raise (a bug: let it propagate).</summary>
    public static DeliveryResult? Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        SmtpCommandException command => FromReply(command),
        AuthenticationException auth => Permanent($"SMTP login refused: {auth.Message}"),
        SslHandshakeException tls when tls.InnerException is System.Security.Authentication.AuthenticationException =>
            Permanent($"TLS with the SMTP server failed (certificate not trusted for this host name?): {tls.Message}"),
        NotSupportedException unsupported => Permanent($"the SMTP server lacks a required extension: {unsupported.Message}"),
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        SmtpProtocolException or IOException or SocketException or TimeoutException or OperationCanceledException
            or ServiceNotConnectedException or ObjectDisposedException or SslHandshakeException =>
            new DeliveryResult(DeliveryStatus.TransientFailure, null, $"SMTP connection failed: {exception.Message}"),
        _ => null,
    };

    private static DeliveryResult FromReply(SmtpCommandException ex)
    {
        var code = (int)ex.StatusCode;
        var detail = $"SMTP {code}: {ex.Message}";
        if (code < 500) return new DeliveryResult(DeliveryStatus.TransientFailure, null, detail, Code: $"smtp:{code}");
        return ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && IsAboutTheAddress(code, ex.Message)
            ? new DeliveryResult(DeliveryStatus.Rejected, null, detail, ConsentStatus.Bounced, $"smtp:{code}")
            : new DeliveryResult(DeliveryStatus.PermanentFailure, null, detail, Code: $"smtp:{code}");
    }

    /// <summary>
    /// A recipient refusal bounces the address only when it is about the address (5.1.x address, 5.2.x mailbox; or,
    /// without an enhanced code, 550/551/553); "relaying denied" (5.7.x) is our relay's problem, not the customer's.
    /// </summary>
    private static bool IsAboutTheAddress(int code, string text) =>
        EnhancedStatus().Match(text) is { Success: true } enhanced
            ? enhanced.Groups[1].Value is "1" or "2"
            : code is 550 or 551 or 553;

    public static DeliveryResult Permanent(string detail) => new(DeliveryStatus.PermanentFailure, null, detail);

    [GeneratedRegex(@"^\s*5\.(\d{1,3})\.\d{1,3}\b")]
    private static partial Regex EnhancedStatus();
}
