using System.Text;
using System.Text.Json.Nodes;

namespace PostPurchase.TestSupport.Commerce;

/// <summary>
/// PayPal webhook event bodies written for our tests, following PayPal's Webhooks event-names reference: the event
/// envelope (<c>id</c> "WH-…", <c>create_time</c>, <c>resource_type</c>, <c>event_type</c>, <c>summary</c>,
/// <c>resource</c>, <c>links</c>) around a v1 Payments <c>sale</c> (amount as <c>{total, currency}</c>) or
/// <c>authorization</c>. v2 capture events are built in the tests that need them. Ids and values are ours.
/// </summary>
public static class PayPalEvents
{
    public const string SaleEventId = "WH-7TP48512VL1826912-3LM36427GN849033P";
    public const string SaleId = "8KS93615UB2294721";

    /// <summary>A v1 <c>PAYMENT.SALE.COMPLETED</c> of <paramref name="total"/> (decimal string) in USD; no payer in the resource.</summary>
    public static JsonObject SaleCompleted(string total = "35.00") => new()
    {
        ["id"] = SaleEventId,
        ["create_time"] = "2025-03-04T16:20:11Z",
        ["resource_type"] = "sale",
        ["event_type"] = "PAYMENT.SALE.COMPLETED",
        ["summary"] = $"Payment completed for $ {total} USD",
        ["resource"] = new JsonObject
        {
            ["id"] = SaleId,
            ["create_time"] = "2025-03-04T16:19:40Z",
            ["update_time"] = "2025-03-04T16:19:58Z",
            ["amount"] = new JsonObject { ["total"] = total, ["currency"] = "USD" },
            ["payment_mode"] = "INSTANT_TRANSFER",
            ["state"] = "completed",
            ["parent_payment"] = "PAYID-NBTEST7PP0001",
            ["transaction_fee"] = new JsonObject { ["value"] = "1.32", ["currency"] = "USD" },
            ["links"] = new JsonArray(
                Link($"https://api-m.sandbox.example/v1/payments/sale/{SaleId}", "self", "GET"),
                Link($"https://api-m.sandbox.example/v1/payments/sale/{SaleId}/refund", "refund", "POST")),
        },
        ["links"] = new JsonArray(Link($"https://api-m.sandbox.example/v1/notifications/webhooks-events/{SaleEventId}", "self", "GET")),
    };

    /// <summary>A v1 <c>PAYMENT.AUTHORIZATION.CREATED</c> (an event we do not act on).</summary>
    public static JsonObject AuthorizationCreated() => new()
    {
        ["id"] = "WH-2BN12375HA9901315-6WA55103LX4218644",
        ["create_time"] = "2025-03-05T08:00:02Z",
        ["resource_type"] = "authorization",
        ["event_type"] = "PAYMENT.AUTHORIZATION.CREATED",
        ["summary"] = "A payment authorization was created",
        ["resource"] = new JsonObject
        {
            ["id"] = "5RM07458CJ8860413", ["state"] = "authorized",
            ["amount"] = new JsonObject { ["total"] = "12.00", ["currency"] = "USD", ["details"] = new JsonObject { ["subtotal"] = "12.00" } },
            ["parent_payment"] = "PAYID-NBTEST7PP0002", ["valid_until"] = "2025-04-03T08:00:00Z",
        },
    };

    private static JsonObject Link(string href, string rel, string method) => new() { ["href"] = href, ["rel"] = rel, ["method"] = method };

    /// <summary>The body as PayPal sends it: compact UTF-8 JSON (the bytes passed to verify-webhook-signature).</summary>
    public static byte[] Bytes(JsonNode body) => Encoding.UTF8.GetBytes(body.ToJsonString());
}
