using System.Text.Json.Nodes;
using PostPurchase.Commerce.Providers;
using PostPurchase.TestSupport.Commerce;

namespace PostPurchase.Commerce.Tests.Providers;

public class ShopifyNormalizerTests
{
    private const string Order = "shopify/order.rest_example_450789469.api2025-07.json";

    [Fact]
    public void Orders_paid_becomes_a_purchase_with_items_consent_and_minor_units()
    {
        var e = new ShopifyEventNormalizer().Normalize("orders/paid", VendorFixtures.Bytes(Order));

        Assert.Equal(WebhookEventKind.Purchase, e.Kind);
        var p = e.Purchase!;
        Assert.Equal(("shopify", "450789469"), (p.Provider, p.OrderId));
        Assert.Equal("bob.norman@mail.example.com", p.Customer.Email);
        Assert.Equal("Bob Norman", p.Customer.Name);
        Assert.Equal("+557734881234", p.Customer.Phone);
        Assert.False(p.Customer.MarketingConsent); // email_marketing_consent.state not_subscribed
        Assert.False(p.Customer.SmsConsent);
        Assert.Equal(59894, p.TotalMinor);
        Assert.Equal("USD", p.Currency);
        Assert.Equal("207119551", p.ProviderCustomerId);
        var ipod = p.Items.First(i => i.Sku == "IPOD2008GREEN");
        Assert.Equal((19900L, 1, "632910392", "39072856"), (ipod.UnitPriceMinor, ipod.Quantity, ipod.ProductId, ipod.VariantId));
    }

    [Fact]
    public void Subscribed_consent_states_are_explicit_opt_ins()
    {
        var order = VendorFixtures.Object(Order);
        order["customer"]!["email_marketing_consent"]!["state"] = "subscribed";
        order["customer"]!["sms_marketing_consent"]!["state"] = "subscribed";
        order["customer_locale"] = "fr-CA";
        var p = new ShopifyEventNormalizer().Normalize("orders/paid", order.Utf8()).Purchase!;
        Assert.True(p.Customer.MarketingConsent);
        Assert.True(p.Customer.SmsConsent);
        Assert.Equal("fr-CA", p.Customer.Locale);
    }

    [Fact]
    public void Orders_create_starts_only_when_configured()
    {
        Assert.Equal(WebhookEventKind.Ignored, new ShopifyEventNormalizer().Normalize("orders/create", VendorFixtures.Bytes(Order)).Kind);
        Assert.Equal(WebhookEventKind.Purchase, new ShopifyEventNormalizer(startOnOrderCreate: true).Normalize("orders/create", VendorFixtures.Bytes(Order)).Kind);
    }

    [Fact]
    public void Refunds_and_cancellations_stop_the_order()
    {
        var refund = new ShopifyEventNormalizer().Normalize("refunds/create", VendorFixtures.Bytes("shopify/refund.rest_example_509562969.api2025-07.json"));
        Assert.Equal((WebhookEventKind.Stop, "450789469"), (refund.Kind, refund.OrderId));

        var order = VendorFixtures.Object(Order);
        order["cancel_reason"] = "customer";
        var cancelled = new ShopifyEventNormalizer().Normalize("orders/cancelled", order.Utf8());
        Assert.Equal((WebhookEventKind.Stop, "450789469"), (cancelled.Kind, cancelled.OrderId));
        Assert.Contains("customer", cancelled.Reason);
    }

    [Fact]
    public void A_delivered_fulfillment_raises_delivered_for_its_order_and_other_statuses_are_ignored()
    {
        var fulfillment = new JsonObject { ["id"] = 255858046, ["order_id"] = 450789469, ["status"] = "success", ["shipment_status"] = "delivered", ["tracking_company"] = "USPS" };
        var e = new ShopifyEventNormalizer().Normalize("fulfillments/update", fulfillment.Utf8());
        Assert.Equal((WebhookEventKind.Delivered, "450789469"), (e.Kind, e.OrderId));

        fulfillment["shipment_status"] = "in_transit";
        Assert.Equal(WebhookEventKind.Ignored, new ShopifyEventNormalizer().Normalize("fulfillments/update", fulfillment.Utf8()).Kind);
    }

    [Fact]
    public void Unknown_topics_are_ignored_and_bad_bodies_rejected()
    {
        Assert.Equal(WebhookEventKind.Ignored, new ShopifyEventNormalizer().Normalize("products/create", VendorFixtures.Bytes("shopify/hmac_kat.body.json")).Kind);
        Assert.Throws<MalformedWebhookException>(() => new ShopifyEventNormalizer().Normalize("orders/paid", "{\"foo\": \"bar\"}".Utf8()));
        Assert.Throws<MalformedWebhookException>(() => new ShopifyEventNormalizer().Normalize("orders/paid", "{".Utf8()));
    }
}
