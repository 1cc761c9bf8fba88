using System.Text.Json.Nodes;
using PostPurchase.Commerce.Providers;
using PostPurchase.TestSupport.Commerce;

namespace PostPurchase.Commerce.Tests.Providers;

public class ShopifyNormalizerTests
{
    private static byte[] Order() => ShopifyWebhooks.Bytes(ShopifyWebhooks.Order());
    private static readonly string OrderId = ShopifyWebhooks.OrderId.ToString();

    [Fact]
    public void Orders_paid_becomes_a_purchase_with_items_consent_and_minor_units()
    {
        var e = new ShopifyEventNormalizer().Normalize("orders/paid", Order());

        Assert.Equal(WebhookEventKind.Purchase, e.Kind);
        var p = e.Purchase!;
        Assert.Equal(("shopify", OrderId), (p.Provider, p.OrderId));
        Assert.Equal("katherine.johnson@example.com", p.Customer.Email);
        Assert.Equal("Katherine Johnson", p.Customer.Name);
        Assert.Equal("+17575550199", p.Customer.Phone); // the order's phone wins over the customer's
        Assert.False(p.Customer.MarketingConsent); // email_marketing_consent.state not_subscribed
        Assert.False(p.Customer.SmsConsent);
        Assert.Equal(7400, p.TotalMinor); // "74.00"
        Assert.Equal("USD", p.Currency);
        Assert.Equal(ShopifyWebhooks.CustomerId.ToString(), p.ProviderCustomerId);
        var notebook = p.Items.First(i => i.Sku == "NOTE-A5");
        Assert.Equal((1450L, 2, "7513594001", "4926364001"), (notebook.UnitPriceMinor, notebook.Quantity, notebook.ProductId, notebook.VariantId));
    }

    [Fact]
    public void Subscribed_consent_states_are_explicit_opt_ins()
    {
        var order = ShopifyWebhooks.Order();
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
        Assert.Equal(WebhookEventKind.Ignored, new ShopifyEventNormalizer().Normalize("orders/create", Order()).Kind);
        Assert.Equal(WebhookEventKind.Purchase, new ShopifyEventNormalizer(startOnOrderCreate: true).Normalize("orders/create", Order()).Kind);
    }

    [Fact]
    public void Refunds_and_cancellations_stop_the_order()
    {
        var refund = new ShopifyEventNormalizer().Normalize("refunds/create", ShopifyWebhooks.Bytes(ShopifyWebhooks.Refund()));
        Assert.Equal((WebhookEventKind.Stop, OrderId), (refund.Kind, refund.OrderId));

        var order = ShopifyWebhooks.Order();
        order["cancel_reason"] = "customer";
        var cancelled = new ShopifyEventNormalizer().Normalize("orders/cancelled", order.Utf8());
        Assert.Equal((WebhookEventKind.Stop, OrderId), (cancelled.Kind, cancelled.OrderId));
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
        Assert.Equal(WebhookEventKind.Ignored, new ShopifyEventNormalizer().Normalize("products/create", ShopifyWebhooks.Bytes(ShopifyWebhooks.Product())).Kind);
        Assert.Throws<MalformedWebhookException>(() => new ShopifyEventNormalizer().Normalize("orders/paid", "{\"foo\": \"bar\"}".Utf8()));
        Assert.Throws<MalformedWebhookException>(() => new ShopifyEventNormalizer().Normalize("orders/paid", "{".Utf8()));
    }
}
