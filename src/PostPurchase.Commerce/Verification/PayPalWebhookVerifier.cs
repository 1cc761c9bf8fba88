using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PostPurchase.Commerce.Configuration;

namespace PostPurchase.Commerce.Verification;

/// <summary>The <c>PAYPAL-TRANSMISSION-*</c> headers of a delivery.</summary>
public sealed record PayPalTransmission(string? Id, string? Time, string? Signature, string? CertUrl, string? AuthAlgo)
{
    public bool IsComplete =>
        !string.IsNullOrWhiteSpace(Id) && !string.IsNullOrWhiteSpace(Time) && !string.IsNullOrWhiteSpace(Signature)
        && !string.IsNullOrWhiteSpace(CertUrl) && !string.IsNullOrWhiteSpace(AuthAlgo);
}

/// <summary>
/// Verifies a PayPal delivery with PayPal's own <c>POST /v1/notifications/verify-webhook-signature</c>. The event is
/// sent as the exact bytes received (re-serialising it is known to make PayPal answer FAILURE).
/// </summary>
public sealed class PayPalWebhookVerifier(HttpClient http, PayPalAccessTokens tokens, PayPalOptions options)
{
    public async Task<SignatureCheck> VerifyAsync(PayPalTransmission transmission, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!transmission.IsComplete) return SignatureCheck.Invalid("missing PAYPAL-TRANSMISSION-* headers");
        if (!IsJsonObject(body.Span)) return SignatureCheck.Invalid("body is not a JSON object");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.BaseUrl.TrimEnd('/')}/v1/notifications/verify-webhook-signature")
            {
                Content = new ByteArrayContent(VerifyRequest(transmission, body.Span)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                tokens.Invalidate();
                continue;
            }

            if (!response.IsSuccessStatusCode)
                throw new PayPalApiException($"PayPal verify-webhook-signature answered {(int)response.StatusCode}.");
            using var result = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var status = result.RootElement.TryGetProperty("verification_status", out var s) ? s.GetString() : null;
            return status == "SUCCESS" ? SignatureCheck.Valid : SignatureCheck.Invalid($"PayPal answered verification_status {status ?? "(none)"}");
        }

        throw new PayPalApiException("PayPal rejected a fresh access token.");
    }

    private byte[] VerifyRequest(PayPalTransmission transmission, ReadOnlySpan<byte> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("auth_algo", transmission.AuthAlgo);
            writer.WriteString("cert_url", transmission.CertUrl);
            writer.WriteString("transmission_id", transmission.Id);
            writer.WriteString("transmission_sig", transmission.Signature);
            writer.WriteString("transmission_time", transmission.Time);
            writer.WriteString("webhook_id", options.WebhookId);
            writer.WritePropertyName("webhook_event");
            writer.WriteRawValue(body, skipInputValidation: false);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
