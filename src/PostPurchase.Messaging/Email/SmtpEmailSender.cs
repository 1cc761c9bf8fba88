using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// Delivers through the BCL SMTP client, or, when <c>Smtp__Host</c> is not set, writes the message as an .eml file
/// under <c>{Data__Directory}/outbox/</c> and logs its path (the quick start).
/// </summary>
public sealed class SmtpEmailSender(SmtpSettings smtp, MessagingSettings settings, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task<DeliveryResult> SendAsync(EmailContent content, CancellationToken cancellationToken)
    {
        using var message = EmailComposer.Compose(content);
        return smtp.Host is null
            ? await WriteToOutboxAsync(message, content, cancellationToken)
            : await SendOverSmtpAsync(message, content, cancellationToken);
    }

    private async Task<DeliveryResult> SendOverSmtpAsync(MailMessage message, EmailContent content, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            Timeout = (int)smtp.Timeout.TotalMilliseconds,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (smtp.Username is not null) client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        try
        {
            await client.SendMailAsync(message, cancellationToken);
            logger.LogInformation("Email {MessageId} accepted by {SmtpHost}", content.MessageId, smtp.Host);
            return DeliveryResult.Accepted(content.MessageId);
        }
        catch (SmtpFailedRecipientException ex) when ((int)ex.StatusCode >= 500)
        {
            return new DeliveryResult(DeliveryStatus.Rejected, null, $"SMTP {(int)ex.StatusCode}: {ex.Message}", ConsentStatus.Bounced, $"smtp:{(int)ex.StatusCode}");
        }
        catch (SmtpException ex) when (ex.StatusCode is SmtpStatusCode.ClientNotPermitted or SmtpStatusCode.MustIssueStartTlsFirst or SmtpStatusCode.CommandNotImplemented)
        {
            return new DeliveryResult(DeliveryStatus.PermanentFailure, null, $"SMTP {(int)ex.StatusCode}: {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpException or IOException or SocketException or InvalidOperationException)
        {
            logger.LogWarning("Email {MessageId} not accepted by {SmtpHost}: {Error}", content.MessageId, smtp.Host, ex.Message);
            return new DeliveryResult(DeliveryStatus.TransientFailure, null, ex.Message);
        }
    }

    private async Task<DeliveryResult> WriteToOutboxAsync(MailMessage message, EmailContent content, CancellationToken cancellationToken)
    {
        // The pickup-directory writer names files with random GUIDs: write into a private folder, then give the
        // file a name that sorts by time and shows which message it is.
        var staging = Path.Combine(settings.OutboxDirectory, ".staging", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = staging })
                await client.SendMailAsync(message, cancellationToken);
            var written = Directory.GetFiles(staging).Single();
            var path = Path.Combine(settings.OutboxDirectory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{content.MessageId.Split('@')[0][..12]}.eml");
            File.Move(written, path, overwrite: true);
            logger.LogInformation("Smtp__Host is not set: email {MessageId} written to {Path}", content.MessageId, path);
            return DeliveryResult.Accepted(content.MessageId, path);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
