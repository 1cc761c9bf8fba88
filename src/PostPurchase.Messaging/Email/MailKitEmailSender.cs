using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using MimeKit;
using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// Delivers through MailKit over the <see cref="SmtpConnectionPool"/>, or, when <c>Smtp__Host</c> is not set, writes
/// MimeKit's rendering of the message as an .eml file under <c>{Data__Directory}/outbox/</c> and logs its path (the
/// quick start). Messages are DKIM-signed when <c>Email__Dkim__*</c> is configured.
/// </summary>
public sealed class MailKitEmailSender(
    SmtpSettings smtp, MessagingSettings settings, SmtpConnectionPool pool, DkimSigning dkim, ILogger<MailKitEmailSender> logger,
    EmailLayout? layout = null) : IEmailSender
{
    public async Task<DeliveryResult> SendAsync(EmailContent content, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            // The Date header is the wall-clock time of sending, not the (possibly accelerated) journey time.
            message = MimeEmailBuilder.Build(content, TimeProvider.System.GetUtcNow(), layout);
        }
        catch (ParseException ex)
        {
            return SmtpReplies.Permanent($"an address of this email cannot be written in a message header: {ex.Message}");
        }

        using var _ = message;
        // MailKit does not re-encode a signed message: sign for the 7-bit, non-SMTPUTF8 form it will then send as is.
        dkim.Sign(message, FormatOptions.Default);
        return smtp.Host is null
            ? await WriteToOutboxAsync(message, content, cancellationToken)
            : await SendOverSmtpAsync(message, content, cancellationToken);
    }

    private async Task<DeliveryResult> SendOverSmtpAsync(MimeMessage message, EmailContent content, CancellationToken cancellationToken)
    {
        var sender = (MailboxAddress)message.From[0];
        var recipient = (MailboxAddress)message.To[0];
        try
        {
            var result = await pool.UseAsync(async (client, ct) =>
            {
                var utf8Envelope = HasUtf8LocalPart(sender) || HasUtf8LocalPart(recipient);
                var smtputf8 = client.Capabilities.HasFlag(SmtpCapabilities.UTF8);
                if (utf8Envelope && !smtputf8)
                    return SmtpReplies.Permanent(
                        $"the address {Addresses.Mask(HasUtf8LocalPart(recipient) ? recipient.Address : sender.Address)} has a UTF-8 local part and the SMTP " +
                        $"server {smtp.Host} does not offer SMTPUTF8 (RFC 6531), so our relay cannot carry it; not retried, the address is not suppressed");
                var options = FormatOptions.Default.Clone();
                options.International = utf8Envelope && smtputf8;
                await client.SendAsync(options, message, ct);
                return DeliveryResult.Accepted(content.MessageId);
            }, cancellationToken);
            if (result.Status == DeliveryStatus.Accepted)
                logger.LogInformation("Email {MessageId} accepted by {SmtpHost}", content.MessageId, smtp.Host);
            return result;
        }
        catch (Exception ex) when (SmtpReplies.Classify(ex, cancellationToken) is { } result)
        {
            logger.LogWarning("Email {MessageId} to {To} not accepted by {SmtpHost}: {Status} {Error}",
                content.MessageId, Addresses.Mask(content.To), smtp.Host, result.Status, result.Detail);
            return result;
        }
    }

    /// <summary>Non-ASCII in the local part needs SMTPUTF8; a non-ASCII domain alone goes out as IDNA (punycode).</summary>
    private static bool HasUtf8LocalPart(MailboxAddress address) => address.LocalPart.Any(c => c > 127);

    private async Task<DeliveryResult> WriteToOutboxAsync(MimeMessage message, EmailContent content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.OutboxDirectory);
        var path = Path.Combine(settings.OutboxDirectory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{content.MessageId.Split('@')[0][..12]}.eml");
        var staging = path + ".tmp";
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos; // as on the wire (RFC 5322 CRLF), whatever the platform
        await message.WriteToAsync(options, staging, cancellationToken);
        File.Move(staging, path, overwrite: true);
        logger.LogInformation("Smtp__Host is not set: email {MessageId} written to {Path}", content.MessageId, path);
        return DeliveryResult.Accepted(content.MessageId, path);
    }
}
