using System.Text.Json.Nodes;
using PostPurchase.Commerce.Providers;
using PostPurchase.TestSupport.Commerce;

namespace PostPurchase.Commerce.Tests.Providers;

public class StripeNormalizerTests
{
    private readonly StripeEventNormalizer _stripe = new();

    private Task<(string EventId, WebhookEvent Event)> Normalize(byte[] body) => _stripe.NormalizeAsync(body, CancellationToken.None);

    [Fact]
    public async Task Checkout_session_completed_becomes_a_purchase_keyed_by_its_payment_intent()
    {
        var (eventId, e) = await Normalize(StripeEvents.Bytes(StripeEvents.CheckoutSessionCompleted(amountTotal: 4200, currency: "usd", email: "grace.hopper@example.com")));

        Assert.Equal(StripeEvents.EventId, eventId);
        Assert.Equal(WebhookEventKind.Purchase, e.Kind);
        var p = e.Purchase!;
        Assert.Equal("stripe", p.Provider);
        Assert.Equal(StripeEvents.PaymentIntentId, p.OrderId);
        Assert.Equal("grace.hopper@example.com", p.Customer.Email);
        Assert.Null(p.Customer.Phone);
        Assert.Null(p.Customer.MarketingConsent); // consent: null
        Assert.False(p.Customer.SmsConsent);
        Assert.Equal(4200, p.TotalMinor);
        Assert.Equal(42.00m, p.Total);
        Assert.Equal("USD", p.Currency);
        Assert.Equal(StripeEvents.CustomerId, p.ProviderCustomerId);
        Assert.Empty(p.Items); // webhooks carry no line items and no API key is configured

    }

    [Fact]
    public async Task A_minimal_envelope_without_api_version_or_request_becomes_a_purchase()
    {
        // Older test deliveries carried only id, created, livemode, type and data.
        var body = StripeEvents.CheckoutSessionCompleted(amountTotal: 25000, email: "buyer@example.com");
        foreach (var field in new[] { "api_version", "object", "pending_webhooks", "request" }) body.Remove(field);
        body["data"]!["object"]!["payment_intent"] = "pi_MinimalEnvelope0001";
        var (_, e) = await Normalize(StripeEvents.Bytes(body));
        Assert.Equal("pi_MinimalEnvelope0001", e.OrderId);
        Assert.Equal("buyer@example.com", e.Purchase!.Customer.Email);
        Assert.Equal(25000, e.Purchase.TotalMinor);
    }

    [Fact]
    public async Task A_2019_delivery_without_payment_status_uses_its_display_items()
    {
        var (eventId, e) = await Normalize(StripeEvents.Bytes(StripeEvents.LegacyCheckoutSessionCompleted(name: "enamel mug", quantity: 3, unitAmount: 1250)));
        Assert.Equal("evt_LegacyPostPurchase0001", eventId);
        Assert.Equal("pi_LegacyPostPurchase0001", e.OrderId);
        var item = Assert.Single(e.Purchase!.Items);
        Assert.Equal(("enamel mug", 3, 1250L), (item.Name, item.Quantity, item.UnitPriceMinor));
        Assert.Equal(3750, e.Purchase.TotalMinor); // no amount_total: the sum of the items
        Assert.Null(e.Purchase.Customer.Email); // customer_email null: the journey takes its "no address" path
    }

    [Fact]
    public async Task An_unpaid_checkout_session_is_ignored()
    {
        var session = StripeEvents.CheckoutSession(paymentStatus: "unpaid");
        session["status"] = "open";
        session["amount_total"] = null;
        var (_, e) = await Normalize(StripeEvents.Bytes(StripeEvents.Event("checkout.session.completed", session)));
        Assert.Equal(WebhookEventKind.Ignored, e.Kind);
        Assert.Contains("unpaid", e.Reason);
    }

    [Fact]
    public async Task Consent_time_zone_locale_and_phone_come_from_the_session()
    {
        var body = StripeEvents.CheckoutSessionCompleted();
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
        var (_, e) = await Normalize(StripeEvents.Bytes(StripeEvents.PaymentIntentSucceeded(amount: 1800)));
        Assert.Equal(WebhookEventKind.Purchase, e.Kind);
        Assert.Equal(StripeEvents.PaymentIntentId, e.OrderId);
        Assert.Equal(1800, e.Purchase!.TotalMinor);
        Assert.Equal("Grace Hopper", e.Purchase.Customer.Name); // from shipping
        Assert.Null(e.Purchase.Customer.Email);
    }

    [Fact]
    public async Task Charge_refunded_stops_the_journey_of_its_payment_intent()
    {
        var (_, legacy) = await Normalize(StripeEvents.ChargeRefunded(paymentIntent: null).Utf8());
        Assert.Equal(WebhookEventKind.Stop, legacy.Kind);
        Assert.Equal(StripeEvents.ChargeId, legacy.OrderId); // a charge without a PaymentIntent is its own order

        var (_, e) = await Normalize(StripeEvents.ChargeRefunded(paymentIntent: StripeEvents.PaymentIntentId).Utf8());
        Assert.Equal(StripeEvents.PaymentIntentId, e.OrderId);
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
    [InlineData("invoice.paid")]
    [InlineData("customer.subscription.deleted")]
    [InlineData("plan.created")]
    [InlineData("customer.created")]
    public async Task Other_event_types_are_ignored(string type)
    {
        var (_, e) = await Normalize(StripeEvents.Bytes(StripeEvents.Ignored(type)));
        Assert.Equal(WebhookEventKind.Ignored, e.Kind);
    }

    [Fact]
    public async Task Checkout_session_expired_is_ignored()
    {
        var body = StripeEvents.CheckoutSessionCompleted();
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
