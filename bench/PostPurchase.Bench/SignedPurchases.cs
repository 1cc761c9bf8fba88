using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// The benchmarks' purchase webhook: a one-item generic purchase for <c>{orderId}@bench.test</c>, signed as Standard
/// Webhooks (<c>webhook-id</c>, <c>webhook-timestamp</c> in Unix seconds, <c>webhook-signature: v1,base64(HMAC-SHA256)</c>)
/// with <see cref="Secret"/>, which the benchmarks give the server as <c>Webhooks__Secret</c>.
/// </summary>
public static class SignedPurchases
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>A new POST to <c>/webhooks/purchase</c> for <paramref name="orderId"/>, signed now.</summary>
    public static HttpRequestMessage Create(string orderId)
    {
        var body = new JsonObject
        {
            ["type"] = "purchase", ["orderId"] = orderId,
            ["customer"] = new JsonObject { ["email"] = $"{orderId}@bench.test", ["name"] = "Bench Customer" },
            ["items"] = new JsonArray(new JsonObject { ["sku"] = "PHOTO-101", ["name"] = "Photography Masterclass", ["quantity"] = 1, ["unitPrice"] = 89.00 }),
            ["currency"] = "EUR",
        }.ToJsonString();
        var id = "msg_" + orderId;
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/purchase") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + signature);
        return request;
    }
}
