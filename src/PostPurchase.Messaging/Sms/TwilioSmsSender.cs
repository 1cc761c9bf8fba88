using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace PostPurchase.Messaging.Sms;

/// <summary>
/// Sends through Twilio's Messages API with Twilio's SDK (<see cref="TwilioClients"/>). Twilio's refusals come back as
/// results: 21610 (recipient texted STOP) and invalid-number codes suppress the recipient, 429 and 5xx are transient,
/// other refusals permanent. When Twilio is not configured, each message is appended to
/// <c>{Data__Directory}/outbox/sms.log</c>.
/// </summary>
public sealed class TwilioSmsSender(TwilioSettings twilio, MessagingSettings settings, ILogger<TwilioSmsSender> logger) : ISmsSender
{
    /// <summary>How long one request to Twilio may take (the SDK's calls take no cancellation token).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Messages read when looking for one left in doubt (Twilio lists newest first).</summary>
    public const int LookupPageSize = 50;

    private static readonly SemaphoreSlim LogFileLock = new(1, 1);

    /// <summary>Twilio error codes that mean "this recipient can't get SMS from us", mapped to a suppression.</summary>
    private static readonly Dictionary<int, ConsentStatus> RecipientCodes = new()
    {
        [21610] = ConsentStatus.OptedOut, // Attempt to send to unsubscribed recipient
        [21211] = ConsentStatus.Bounced,  // Invalid 'To' phone number
        [21614] = ConsentStatus.Bounced,  // 'To' number is not a valid mobile number
        [21612] = ConsentStatus.Bounced,  // The 'To' phone number is not currently reachable via SMS
        [21408] = ConsentStatus.Bounced,  // Permission to send an SMS has not been enabled for the region
    };

    private readonly TwilioRestClient? _client = twilio.IsConfigured ? TwilioClients.Create(twilio, RequestTimeout) : null;

    public async Task<DeliveryResult> SendAsync(SmsContent sms, CancellationToken cancellationToken)
    {
        if (_client is null) return await AppendToLogAsync(sms, cancellationToken);

        var options = new CreateMessageOptions(new PhoneNumber(sms.To)) { Body = sms.Body };
        if (twilio.MessagingServiceSid is not null) options.MessagingServiceSid = twilio.MessagingServiceSid;
        else options.From = new PhoneNumber(twilio.From);
        if (twilio.StatusCallbackUrl is not null) options.StatusCallback = new Uri(twilio.StatusCallbackUrl);

        try
        {
            var message = await MessageResource.CreateAsync(options, _client).WaitAsync(cancellationToken);
            return DeliveryResult.Accepted(message.Sid, message.Status?.ToString());
        }
        catch (ApiException ex)
        {
            return Map(ex);
        }
        catch (TwilioException ex)
        {
            logger.LogWarning("Twilio request failed: {Error}", ex.InnerException?.Message ?? ex.Message);
            return new DeliveryResult(DeliveryStatus.TransientFailure, Detail: ex.InnerException?.Message ?? ex.Message);
        }
    }

    /// <summary>
    /// Reads the newest <see cref="LookupPageSize"/> messages to the recipient (Twilio lists newest first) and returns the
    /// SID of one created since <paramref name="since"/> with exactly this body.
    /// </summary>
    public async Task<string?> FindAcceptedAsync(SmsContent sms, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (_client is null) return null;

        var read = new ReadMessageOptions { To = new PhoneNumber(sms.To), PageSize = LookupPageSize, Limit = LookupPageSize };
        try
        {
            foreach (var message in await MessageResource.ReadAsync(read, _client).WaitAsync(cancellationToken))
            {
                if (message.DateCreated is not { } created || Utc(created) < since) break;
                if (message.Body == sms.Body) return message.Sid;
            }
        }
        catch (ApiException ex)
        {
            throw new MessageDeliveryException($"Twilio message lookup answered {ex.Status} {ex.Code}; will retry before resending");
        }
        catch (TwilioException ex)
        {
            throw new MessageDeliveryException($"Twilio message lookup failed ({ex.InnerException?.Message ?? ex.Message}); will retry before resending");
        }

        return null;
    }

    /// <summary>A refusal by Twilio as a delivery result: the recipient codes suppress, 429 and 5xx are retried.</summary>
    internal static DeliveryResult Map(ApiException ex)
    {
        var detail = $"Twilio {ex.Status} {ex.Code}: {ex.Message}";
        if (RecipientCodes.TryGetValue(ex.Code, out var recipientStatus))
            return new DeliveryResult(DeliveryStatus.Rejected, null, detail, recipientStatus, $"twilio:{ex.Code}");
        // Status 0: the SDK could not read Twilio's answer, so whether it was a refusal is unknown.
        if (ex.Status is 0 or 429 or >= 500)
            return new DeliveryResult(DeliveryStatus.TransientFailure, null, detail, Code: $"twilio:{ex.Code}");
        return new DeliveryResult(DeliveryStatus.PermanentFailure, null, detail, Code: $"twilio:{ex.Code}");
    }

    /// <summary>Twilio's RFC 2822 dates arrive as <see cref="DateTime"/>; an unspecified kind is UTC (Twilio sends +0000).</summary>
    private static DateTimeOffset Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Unspecified => new DateTimeOffset(value, TimeSpan.Zero),
        _ => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
    };

    private async Task<DeliveryResult> AppendToLogAsync(SmsContent sms, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.OutboxDirectory);
        var path = Path.Combine(settings.OutboxDirectory, "sms.log");
        var line = $"{DateTimeOffset.UtcNow:O}\t{sms.To}\t{sms.IdempotencyKey}\t{sms.Body.ReplaceLineEndings("\\n")}{Environment.NewLine}";
        await LogFileLock.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(path, line, cancellationToken);
        }
        finally
        {
            LogFileLock.Release();
        }

        logger.LogInformation("Twilio is not configured: SMS to {To} appended to {Path}", Addresses.Mask(sms.To), path);
        return DeliveryResult.Accepted($"log:{sms.IdempotencyKey}", path);
    }
}
