using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Fault.Tests;

/// <summary>
/// Delivers signed Standard Webhooks to the replicas like a provider does: any replica, and on a refused connection,
/// a timeout or a 5xx the same delivery (same webhook-id) again to another one until one answers 200.
/// </summary>
public sealed class WebhookSender(IReadOnlyList<ServerReplica> replicas, HttpClient http, string secret)
{
    private int _next;

    public int Deliveries => _deliveries;
    private int _deliveries;

    public async Task DeliverAsync(string webhookId, string body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var replica = replicas[(int)((uint)Interlocked.Increment(ref _next) % replicas.Count)];
            try
            {
                using var response = await http.SendAsync(Signed(replica.BaseUrl, webhookId, body), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _deliveries);
                    return;
                }

                if ((int)response.StatusCode < 500)
                    throw new InvalidOperationException($"webhook {webhookId} refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The replica is down or was killed mid-request: the provider retries elsewhere.
            }

            if (attempt > 200) throw new TimeoutException($"webhook {webhookId} could not be delivered");
            await Task.Delay(100, cancellationToken);
        }
    }

    private HttpRequestMessage Signed(string baseUrl, string webhookId, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/webhooks/purchase") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + signature);
        return request;
    }
}
