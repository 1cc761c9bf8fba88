using System.Text.Json.Nodes;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Tests.Providers;

namespace PostPurchase.Commerce.Tests.FieldInputs;

/// <summary>
/// Issue 17's commerce inputs, built here from the providers' documented shapes (Stripe Checkout Session object,
/// Shopify REST Order, PayPal v2 capture / v1 sale, our generic body): free orders, currency exponents, guest names.
/// </summary>
public class FieldInputNormalizerTests
{
    private static JsonObject StripeSession(string currency, long amountTotal, string paymentStatus = "paid", JsonObject? extra = null)
    {
        var session = new JsonObject
        {
            ["id"] = "cs_test_field", ["object"] = "checkout.session", ["payment_intent"] = "pi_field", ["currency"] = currency,
            ["amount_total"] = amountTotal, ["payment_status"] = paymentStatus, ["created"] = 1767600000,
            ["customer_details"] = new JsonObject { ["email"] = "guest@example.com", ["name"] = null },
        };
        foreach (var (key, value) in extra ?? []) session[key] = value?.DeepClone();
        return new JsonObject { ["id"] = "evt_field", ["type"] = "checkout.session.completed", ["data"] = new JsonObject { ["object"] = session } };
    }

    private static async Task<WebhookEvent> Stripe(JsonObject body) => (await new StripeEventNormalizer().NormalizeAsync(body.Utf8(), CancellationToken.None)).Event;

    [Fact]
    public async Task A_free_stripe_checkout_is_a_purchase_and_an_unpaid_async_one_still_waits()
    {
        var free = await Stripe(StripeSession("usd", 0, "no_payment_required"));
        Assert.Equal(WebhookEventKind.Purchase, free.Kind);
        Assert.Equal(0, free.Purchase!.TotalMinor);

        Assert.Equal(WebhookEventKind.Ignored, (await Stripe(StripeSession("usd", 5000, "unpaid"))).Kind);
    }

    [Theory]
    [InlineData("kwd", 12340, 12340, "12.340")] // three decimals in ISO 4217 and at Stripe
    [InlineData("jpy", 1500, 1500, "1500")]
    [InlineData("usd", 1999, 1999, "19.99")]
    [InlineData("isk", 12300, 123, "123")] // Stripe sends ISK with two decimals; ISO has none
    public async Task Stripe_amounts_follow_each_currencys_exponent(string currency, long stripeAmount, long minor, string major)
    {
        var p = (await Stripe(StripeSession(currency, stripeAmount))).Purchase!;
        Assert.Equal(minor, p.TotalMinor);
        Assert.Equal(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), p.Total);
        Assert.Equal(currency.ToUpperInvariant(), p.Currency);
    }

    [Fact]
    public void A_stripe_line_item_in_isk_is_converted_to_iso_minor_units()
    {
        var line = global::Stripe.StripeEntity.FromJson<global::Stripe.LineItem>("""
            {"id":"li_1","object":"item","currency":"isk","quantity":2,"amount_total":50000,"description":"Lopi sweater",
             "price":{"id":"price_1","currency":"isk","unit_amount":25000,"product":"prod_1"}}
            """);
        var item = StripeLineItemsClient.ToItem(line);
        Assert.Equal(250, item.UnitPriceMinor);
    }

    [Fact]
    public async Task A_stripe_guest_checkout_takes_its_name_and_country_from_the_shipping_details()
    {
        var p = (await Stripe(StripeSession("gbp", 1000, extra: new JsonObject
        {
            ["collected_information"] = new JsonObject
            {
                ["shipping_details"] = new JsonObject { ["name"] = "Grace Hopper", ["address"] = new JsonObject { ["country"] = "GB" } },
            },
        }))).Purchase!;
        Assert.Equal("Grace Hopper", p.Customer.Name);
        Assert.Equal("Grace", p.Customer.FirstName);
        Assert.Equal("GB", p.Customer.Country);
    }

    private static JsonObject ShopifyGuestOrder(string currency, string total) => new()
    {
        ["id"] = 820982911946154508, ["name"] = "#9999", ["currency"] = currency, ["total_price"] = total, ["financial_status"] = "paid",
        ["email"] = "", ["contact_email"] = "guest@example.com", ["customer"] = null, ["processed_at"] = "2026-01-05T10:00:00+01:00",
        ["shipping_address"] = new JsonObject { ["first_name"] = "Ada", ["last_name"] = "Lovelace", ["country_code"] = "GB", ["phone"] = null },
        ["billing_address"] = new JsonObject { ["first_name"] = "Billing", ["last_name"] = "Person", ["country_code"] = "FR" },
        ["line_items"] = new JsonArray(new JsonObject { ["name"] = "Mug", ["quantity"] = 1, ["price"] = total }),
    };

    [Fact]
    public void A_shopify_guest_order_takes_its_name_from_the_shipping_address()
    {
        var p = new ShopifyEventNormalizer().Normalize("orders/paid", ShopifyGuestOrder("GBP", "12.50").Utf8()).Purchase!;
        Assert.Equal("guest@example.com", p.Customer.Email);
        Assert.Equal("Ada Lovelace", p.Customer.Name);
        Assert.Equal("GB", p.Customer.Country);

        var billingOnly = ShopifyGuestOrder("GBP", "12.50");
        billingOnly.Remove("shipping_address");
        Assert.Equal("Billing Person", new ShopifyEventNormalizer().Normalize("orders/paid", billingOnly.Utf8()).Purchase!.Customer.Name);
    }

    [Theory]
    [InlineData("BHD", "12.345", 12345)]
    [InlineData("JPY", "1500", 1500)]
    [InlineData("EUR", "59.90", 5990)]
    [InlineData("USD", "0.00", 0)] // a free order Shopify reports as paid
    public void Shopify_decimal_strings_follow_each_currencys_exponent(string currency, string total, long minor)
    {
        var e = new ShopifyEventNormalizer().Normalize("orders/paid", ShopifyGuestOrder(currency, total).Utf8());
        Assert.Equal(WebhookEventKind.Purchase, e.Kind);
        Assert.Equal(minor, e.Purchase!.TotalMinor);
        Assert.Equal(minor, Assert.Single(e.Purchase.Items).UnitPriceMinor);
    }

    [Fact]
    public void A_paypal_capture_without_payer_name_takes_the_shipping_name_and_three_decimals()
    {
        var body = new JsonObject
        {
            ["id"] = "WH-1", ["event_type"] = "PAYMENT.CAPTURE.COMPLETED",
            ["resource"] = new JsonObject
            {
                ["id"] = "CAP-1", ["amount"] = new JsonObject { ["currency_code"] = "KWD", ["value"] = "12.340" },
                ["payer"] = new JsonObject { ["email_address"] = "buyer@example.com" },
                ["shipping"] = new JsonObject
                {
                    ["name"] = new JsonObject { ["full_name"] = "Katherine Johnson" },
                    ["address"] = new JsonObject { ["country_code"] = "KW" },
                },
            },
        };
        var p = new PayPalEventNormalizer().Normalize(body.Utf8()).Event.Purchase!;
        Assert.Equal("Katherine Johnson", p.Customer.Name);
        Assert.Equal("KW", p.Customer.Country);
        Assert.Equal(12340, p.TotalMinor);
    }

    [Fact]
    public void A_generic_purchase_takes_a_missing_name_from_its_address_and_keeps_a_misspelt_zone_for_the_gateway()
    {
        var body = JsonNode.Parse("""
            {"type":"purchase","orderId":"G-1","currency":"KWD","total":0,
             "customer":{"email":"a@example.com","timeZone":"America/New York"},
             "shippingAddress":{"firstName":"Mary","lastName":"Jackson","country":"us"}}
            """)!;
        var p = new GenericEventNormalizer().Normalize("msg_1", body.Utf8()).Purchase!;
        Assert.Equal("Mary Jackson", p.Customer.Name);
        Assert.Equal("US", p.Customer.Country);
        Assert.Equal("America/New York", p.Customer.TimeZone);
        Assert.Equal(0, p.TotalMinor);
        Assert.Equal(12340, new GenericEventNormalizer().Normalize("msg_2", JsonNode.Parse("""{"type":"purchase","orderId":"G-2","currency":"KWD","total":"12.34"}""")!.Utf8()).Purchase!.TotalMinor);
    }
}
