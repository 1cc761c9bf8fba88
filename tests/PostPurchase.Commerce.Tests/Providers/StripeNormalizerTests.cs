using System.Text.Json.Nodes;
using PostPurchase.Commerce.Providers;
using PostPurchase.TestSupport.Commerce;

namespace PostPurchase.Commerce.Tests.Providers;

public class StripeNormalizerTests
{
    private readonly StripeEventNormalizer _stripe = new();

    private Task<(string EventId, WebhookEvent Event)> Normalize(byte[] body) => _stripe.NormalizeAsync(body, CancellationToken.None);

    [Fact]
    public async Task Captured_checkout_session_completed_becomes_a_purchase_keyed_by_its_payment_intent()
    {
        var (eventId, e) = await Normalize(VendorFixtures.Bytes("stripe/captured_stripe_ruby_mock/checkout.session.completed.json"));

        Assert.Equal("evt_000000000000000000000000", eventId);
        Assert.Equal(WebhookEventKind.Purchase, e.Kind);
        var p = e.Purchase!;
        Assert.Equal("stripe", p.Provider);
        Assert.Equal("pi_000000000000000000000000", p.OrderId);
        Assert.Equal("stripe@example.com", p.Customer.Email);
        Assert.Null(p.Customer.Phone);
        Assert.Null(p.Customer.MarketingConsent); // consent: null
        Assert.False(p.Customer.SmsConsent);
        Assert.Equal(3000, p.TotalMinor);
        Assert.Equal(30.00m, p.Total);
        Assert.Equal("USD", p.Currency);
        Assert.Equal("cus_00000000000000", p.ProviderCustomerId);
        Assert.Empty(p.Items); // webhooks carry no line items and no API key is configured

    }

    [Fact]
    public async Task Older_send_test_webhook_sample_becomes_a_purchase()
    {
        var (_, e) = await Normalize(VendorFixtures.Bytes("stripe/captured_stripe_ruby_mock/checkout.session.completed.payment_mode.json"));
        Assert.Equal("pi_00000000000000", e.OrderId);
        Assert.Equal("example@example.com", e.Purchase!.Customer.Email);
        Assert.Equal(25000, e.Purchase.TotalMinor);
    }

    [Fact]
    public async Task Real_2019_delivery_without_payment_status_uses_its_display_items()
    {
        var (eventId, e) = await Normalize(VendorFixtures.Bytes("stripe/signature_kat/odoo.checkout_session_completed.body.json"));
        Assert.Equal("evt_1GqFpHAlCFm536g8NYSLoccF", eventId);
        Assert.Equal("pi_1GqFpCAlCFm536g8HsBSvSEt", e.OrderId);
        var item = Assert.Single(e.Purchase!.Items);
        Assert.Equal(("t-shirt", 2, 1500L), (item.Name, item.Quantity, item.UnitPriceMinor));
        Assert.Equal(3000, e.Purchase.TotalMinor);
        Assert.Null(e.Purchase.Customer.Email); // customer_email null: the journey takes its "no address" path
    }

    [Fact]
    public async Task An_unpaid_checkout_session_is_ignored()
    {
        var (_, e) = await Normalize(VendorFixtures.Bytes("stripe/vendor_openapi_fixtures3/checkout.session.completed.wrapped.json"));
        Assert.Equal(WebhookEventKind.Ignored, e.Kind);
        Assert.Contains("unpaid", e.Reason);
    }

    [Fact]
    public async Task Consent_time_zone_locale_and_phone_come_from_the_session()
    {
        var body = VendorFixtures.Object("stripe/captured_stripe_ruby_mock/checkout.session.completed.json");
        var session = body["data"]!["object"]!;
        session["consent"] = new JsonObject { ["promotions"] = "opt_in", ["terms_of_service"] = null };
        session["metadata"] = new JsonObject { ["sms_consent"] = "true", ["timezone"] = "Europe/Berlin", ["locale"] = "de-DE" };
        session["customer_details"]!["phone"] = "+49 30 1234567";
        session["customer_details"]!["name"] = "Jenny Rosen";

        var p = (await Normalize(body.Utf8())).Event.Purchase!;

        Assert.True(p.Customer.MarketingConsent);
        Assert.True(p.Customer.SmsConsent);
        Assert.Equal("Europe/Berlin", p.Customer.TimeZone);
        Assert.Equal("de-DE", p.Customer.Locale);
        Assert.Equal("+49301234567", p.Customer.Phone);
        Assert.Equal("Jenny", p.Customer.FirstName);

        session["consent"]!["promotions"] = "opt_out";
        session["metadata"]!["sms_consent"] = "yes please";
        p = (await Normalize(body.Utf8())).Event.Purchase!;
        Assert.False(p.Customer.MarketingConsent);
        Assert.False(p.Customer.SmsConsent);
    }

    [Fact]
    public async Task Payment_intent_succeeded_is_a_purchase_keyed_by_its_own_id()
    {
        var (_, e) = await Normalize(VendorFixtures.Bytes("stripe/captured_stripe_ruby_mock/payment_intent.succeeded.json"));
        Assert.Equal(WebhookEventKind.Purchase, e.Kind);
        Assert.Equal("pi_000000000000000000000000", e.OrderId);
        Assert.Equal(2000, e.Purchase!.TotalMinor);
        Assert.Null(e.Purchase.Customer.Email);
    }

    [Fact]
    public async Task Charge_refunded_stops_the_journey_of_its_payment_intent()
    {
        var body = VendorFixtures.Object("stripe/captured_stripe_ruby_mock/charge.refunded.json");
        var (_, legacy) = await Normalize(body.Utf8());
        Assert.Equal(WebhookEventKind.Stop, legacy.Kind);
        Assert.Equal("ch_000000000000000000000000", legacy.OrderId); // a charge without a PaymentIntent is its own order

        body["data"]!["object"]!["payment_intent"] = "pi_000000000000000000000000";
        var (_, e) = await Normalize(body.Utf8());
        Assert.Equal("pi_000000000000000000000000", e.OrderId);
        Assert.Contains("refunded", e.Reason);
    }

    [Fact]
    public async Task A_dispute_stops_the_journey_of_its_payment_intent()
    {
        var dispute = new JsonObject
        {
            ["id"] = "evt_dispute_1", ["object"] = "event", ["type"] = "charge.dispute.created",
            ["data"] = new JsonObject { ["object"] = new JsonObject { ["id"] = "dp_1", ["object"] = "dispute", ["charge"] = "ch_1", ["payment_intent"] = "pi_42", ["reason"] = "fraudulent" } },
        };
        var (_, e) = await Normalize(dispute.Utf8());
        Assert.Equal((WebhookEventKind.Stop, "pi_42"), (e.Kind, e.OrderId));
    }

    [Theory]
    [InlineData("stripe/vendor_openapi_fixtures3/invoice.paid.wrapped.json")]
    [InlineData("stripe/captured_stripe_ruby_mock/customer.subscription.deleted.json")]
    [InlineData("stripe/vendor_openapi_fixtures3/event.plan.created.json")]
    [InlineData("stripe/signature_kat/stripe_dotnet.event_test_signature.json")]
    public async Task Other_event_types_are_ignored(string fixture)
    {
        var (_, e) = await Normalize(VendorFixtures.Bytes(fixture));
        Assert.Equal(WebhookEventKind.Ignored, e.Kind);
    }

    [Fact]
    public async Task Checkout_session_expired_is_ignored()
    {
        var body = VendorFixtures.Object("stripe/captured_stripe_ruby_mock/checkout.session.completed.json");
        body["type"] = "checkout.session.expired";
        Assert.Equal(WebhookEventKind.Ignored, (await Normalize(body.Utf8())).Event.Kind);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{}}}")]
    [InlineData("{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}")]
    [InlineData("{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"amount\":5}}}")]
    public async Task Malformed_bodies_are_rejected(string body) =>
        await Assert.ThrowsAsync<MalformedWebhookException>(() => Normalize(body.Utf8()));
}
