using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;

namespace PostPurchase.Messaging.Sms;

/// <summary>
/// Sends through Twilio's Messages API (form POST, Basic auth with the account SID and auth token). Twilio's refusals
/// come back as results: 21610 (recipient texted STOP) and invalid-number codes suppress the recipient. When Twilio is
/// not configured, each message is appended to <c>{Data__Directory}/outbox/sms.log</c>.
/// </summary>
public sealed class TwilioSmsSender(TwilioSettings twilio, MessagingSettings settings, HttpClient http, ILogger<TwilioSmsSender> logger) : ISmsSender
{
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

    public async Task<DeliveryResult> SendAsync(SmsContent sms, CancellationToken cancellationToken)
    {
        if (!twilio.IsConfigured) return await AppendToLogAsync(sms, cancellationToken);

        var form = new List<KeyValuePair<string, string>> { new("To", sms.To), new("Body", sms.Body) };
        form.Add(twilio.MessagingServiceSid is not null ? new("MessagingServiceSid", twilio.MessagingServiceSid) : new("From", twilio.From!));
        if (twilio.StatusCallbackUrl is not null) form.Add(new("StatusCallback", twilio.StatusCallbackUrl));

        using var request = Request(HttpMethod.Post, "");
        request.Content = new FormUrlEncodedContent(form);

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return Map(response.StatusCode, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Twilio request failed: {Error}", ex.Message);
            return new DeliveryResult(DeliveryStatus.TransientFailure, Detail: ex.Message);
        }
    }

    /// <summary>Reads the newest page of messages to the recipient (Twilio lists newest first) and compares bodies.</summary>
    public async Task<string?> FindAcceptedAsync(SmsContent sms, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (!twilio.IsConfigured) return null;

        using var request = Request(HttpMethod.Get, $"?To={Uri.EscapeDataString(sms.To)}&PageSize=50");
        string body;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new MessageDeliveryException($"Twilio message lookup answered {(int)response.StatusCode}; will retry before resending");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MessageDeliveryException($"Twilio message lookup failed ({ex.Message}); will retry before resending");
        }

        try
        {
            foreach (var message in JsonDocument.Parse(body).RootElement.GetProperty("messages").EnumerateArray())
            {
                var created = DateTimeOffset.Parse(message.GetProperty("date_created").GetString()!, CultureInfo.InvariantCulture);
                if (created < since) break;
                if (message.GetProperty("body").GetString() == sms.Body) return message.GetProperty("sid").GetString();
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            throw new MessageDeliveryException($"Twilio message lookup returned an unexpected body ({ex.GetType().Name}); will retry before resending");
        }

        return null;
    }

    private HttpRequestMessage Request(HttpMethod method, string query)
    {
        var request = new HttpRequestMessage(method, $"{twilio.BaseUrl}/2010-04-01/Accounts/{Uri.EscapeDataString(twilio.AccountSid!)}/Messages.json{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}")));
        return request;
    }

    internal static DeliveryResult Map(HttpStatusCode status, string body)
    {
        JsonElement json = default;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
        }

        if ((int)status is >= 200 and < 300 && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("sid", out var sid))
            return DeliveryResult.Accepted(sid.GetString(), json.TryGetProperty("status", out var s) ? s.GetString() : null);

        var code = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
        var message = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("message", out var m) ? m.GetString() : body.Length > 200 ? body[..200] : body;
        var detail = $"Twilio {(int)status} {code}: {message}";
        if (RecipientCodes.TryGetValue(code, out var recipientStatus))
            return new DeliveryResult(DeliveryStatus.Rejected, null, detail, recipientStatus, $"twilio:{code}");
        if (status == HttpStatusCode.TooManyRequests || (int)status >= 500)
            return new DeliveryResult(DeliveryStatus.TransientFailure, null, detail, Code: $"twilio:{code}");
        return new DeliveryResult(DeliveryStatus.PermanentFailure, null, detail, Code: $"twilio:{code}");
    }

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
