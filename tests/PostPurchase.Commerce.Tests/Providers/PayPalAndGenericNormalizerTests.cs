using System.Text.Json.Nodes;
using PostPurchase.Commerce.Providers;
using PostPurchase.TestSupport.Commerce;

namespace PostPurchase.Commerce.Tests.Providers;

public class PayPalAndGenericNormalizerTests
{
    [Fact]
    public void A_v1_sale_completed_becomes_a_purchase_keyed_by_the_sale()
    {
        var (eventId, e) = new PayPalEventNormalizer().Normalize(PayPalEvents.Bytes(PayPalEvents.SaleCompleted(total: "35.00")));
        Assert.Equal(PayPalEvents.SaleEventId, eventId);
        Assert.Equal(WebhookEventKind.Purchase, e.Kind);
        Assert.Equal(("paypal", PayPalEvents.SaleId, 3500L, "USD"), (e.Purchase!.Provider, e.OrderId, e.Purchase.TotalMinor, e.Purchase.Currency));
        Assert.Null(e.Purchase.Customer.Email);
    }

    // Shape of PayPal's v2 capture webhooks (Orders v2 / Payments v2 resources).
    private static JsonObject Capture(string type, JsonObject resource) => new()
    {
        ["id"] = "WH-" + Guid.NewGuid().ToString("N"), ["event_version"] = "1.0", ["create_time"] = "2026-01-05T09:00:00Z",
        ["resource_type"] = "capture", ["resource_version"] = "2.0", ["event_type"] = type, ["resource"] = resource,
    };

    [Fact]
    public void Capture_completed_starts_and_capture_refunded_stops_the_same_order()
    {
        var completed = Capture("PAYMENT.CAPTURE.COMPLETED", new JsonObject
        {
            ["id"] = "2GG279541U471931P", ["status"] = "COMPLETED",
            ["amount"] = new JsonObject { ["currency_code"] = "EUR", ["value"] = "49.90" },
            ["invoice_id"] = "INV-7", ["custom_id"] = "cart-9",
            ["supplementary_data"] = new JsonObject { ["related_ids"] = new JsonObject { ["order_id"] = "5O190127TN364715T" } },
        });
        var (_, start) = new PayPalEventNormalizer().Normalize(completed.Utf8());
        Assert.Equal(("2GG279541U471931P", 4990L, "EUR"), (start.OrderId, start.Purchase!.TotalMinor, start.Purchase.Currency));
        Assert.Equal("5O190127TN364715T", start.Purchase.Metadata["paypal_order_id"]);

        var refunded = Capture("PAYMENT.CAPTURE.REFUNDED", new JsonObject
        {
            ["id"] = "1JU08902781691411", ["status"] = "COMPLETED", ["amount"] = new JsonObject { ["currency_code"] = "EUR", ["value"] = "49.90" },
            ["links"] = new JsonArray(
                new JsonObject { ["href"] = "https://api.paypal.com/v2/payments/refunds/1JU08902781691411", ["rel"] = "self", ["method"] = "GET" },
                new JsonObject { ["href"] = "https://api.paypal.com/v2/payments/captures/2GG279541U471931P", ["rel"] = "up", ["method"] = "GET" }),
        });
        var (_, stop) = new PayPalEventNormalizer().Normalize(refunded.Utf8());
        Assert.Equal((WebhookEventKind.Stop, "2GG279541U471931P"), (stop.Kind, stop.OrderId));
    }

    [Fact]
    public void Other_paypal_events_are_ignored_and_a_refund_without_its_capture_is_malformed()
    {
        var authorization = PayPalEvents.AuthorizationCreated();
        Assert.Equal(WebhookEventKind.Ignored, new PayPalEventNormalizer().Normalize(authorization.Utf8()).Event.Kind);
        Assert.Throws<MalformedWebhookException>(() => new PayPalEventNormalizer().Normalize(Capture("PAYMENT.CAPTURE.REFUNDED", new JsonObject { ["id"] = "R1" }).Utf8()));
    }

    private static JsonObject GenericPurchase() => new()
    {
        ["type"] = "purchase", ["orderId"] = "A-1001",
        ["customer"] = new JsonObject
        {
            ["email"] = "ada@example.com", ["name"] = "Ada Lovelace", ["phone"] = "+44 20 7946 0018", ["timeZone"] = "Europe/London",
            ["locale"] = "en-GB", ["marketingConsent"] = true, ["smsConsent"] = true,
        },
        ["items"] = new JsonArray(
            new JsonObject { ["sku"] = "MUG-1", ["name"] = "Mug", ["quantity"] = 2, ["unitPrice"] = 12.5 },
            new JsonObject { ["sku"] = "TEA-9", ["name"] = "Tea", ["quantity"] = 1, ["unitPrice"] = 4.99 }),
        ["total"] = 29.99, ["currency"] = "gbp",
    };

    [Fact]
    public void The_generic_body_maps_every_field()
    {
        var e = new GenericEventNormalizer().Normalize("msg_1", GenericPurchase().Utf8());
        var p = e.Purchase!;
        Assert.Equal(("generic", "A-1001", "msg_1"), (p.Provider, p.OrderId, p.ProviderEventId));
        Assert.Equal(("ada@example.com", "Ada Lovelace", "+442079460018"), (p.Customer.Email, p.Customer.Name, p.Customer.Phone));
        Assert.Equal(("Europe/London", "en-GB", (bool?)true, true), (p.Customer.TimeZone, p.Customer.Locale, p.Customer.MarketingConsent, p.Customer.SmsConsent));
        Assert.Equal((2999L, "GBP"), (p.TotalMinor, p.Currency));
        Assert.Equal([("MUG-1", 2, 1250L), ("TEA-9", 1, 499L)], p.Items.Select(i => (i.Sku!, i.Quantity, i.UnitPriceMinor)).ToArray());
    }

    [Fact]
    public void A_purchase_with_no_email_and_no_phone_is_still_a_purchase()
    {
        var body = GenericPurchase();
        body["customer"] = new JsonObject { ["name"] = "Anonymous" };
        var p = new GenericEventNormalizer().Normalize("msg_2", body.Utf8()).Purchase!;
        Assert.Null(p.Customer.Email);
        Assert.Null(p.Customer.Phone);
        Assert.Null(p.Customer.MarketingConsent);
    }

    [Fact]
    public void Refund_delivered_and_unknown_types()
    {
        var normalizer = new GenericEventNormalizer();
        Assert.Equal((WebhookEventKind.Stop, "A-1001"), normalizer.Normalize("m", "{\"type\":\"refund\",\"orderId\":\"A-1001\",\"reason\":\"damaged\"}".Utf8()) is var r ? (r.Kind, r.OrderId) : default);
        Assert.Equal((WebhookEventKind.Delivered, "A-1001"), normalizer.Normalize("m", "{\"type\":\"delivered\",\"orderId\":\"A-1001\"}".Utf8()) is var d ? (d.Kind, d.OrderId) : default);
        Assert.Equal(WebhookEventKind.Ignored, normalizer.Normalize("m", "{\"type\":\"shipped\",\"orderId\":\"A-1001\"}".Utf8()).Kind);
    }

    [Theory]
    [InlineData("{\"type\":\"purchase\"}")]
    [InlineData("{\"orderId\":\"1\"}")]
    [InlineData("{\"type\":\"purchase\",\"orderId\":\"1\"}")]
    [InlineData("{\"type\":\"purchase\",\"orderId\":\"1\",\"currency\":\"euro\"}")]
    [InlineData("{\"type\":\"purchase\",\"orderId\":\"1\",\"currency\":\"EUR\",\"total\":\"lots\"}")]
    [InlineData("{\"type\":\"purchase\",\"orderId\":\"1\",\"currency\":\"EUR\",\"total\":-5}")]
    [InlineData("{\"type\":\"purchase\",\"orderId\":\"1\",\"currency\":\"EUR\",\"items\":[{\"name\":\"x\",\"quantity\":0}]}")]
    [InlineData("{\"type\":\"purchase\",\"orderId\":\"1\",\"currency\":\"EUR\",\"items\":[\"x\"]}")]
    [InlineData("{\"type\":\"purchase\",\"orderId\":\"1\",\"currency\":\"EUR\",\"items\":[{\"quantity\":1}]}")]
    [InlineData("\"purchase\"")]
    public void Invalid_generic_bodies_are_rejected(string body) =>
        Assert.Throws<MalformedWebhookException>(() => new GenericEventNormalizer().Normalize("m", body.Utf8()));
}
