using System.Text;
using System.Text.Json.Nodes;

namespace PostPurchase.TestSupport.Commerce;

/// <summary>
/// Stripe webhook bodies written for our tests, following the Stripe API reference: the Event object
/// (<c>id</c>, <c>object: "event"</c>, <c>api_version</c>, <c>created</c>, <c>data.object</c>, <c>livemode</c>,
/// <c>pending_webhooks</c>, <c>request</c>, <c>type</c>) around a Checkout Session, PaymentIntent, Charge, Invoice,
/// Subscription or Plan object. Field names and nesting are Stripe's; ids and values are ours. Amounts are in minor
/// units (cents), currencies lower-case as Stripe sends them. Each call returns a fresh object that a test may change.
/// </summary>
public static class StripeEvents
{
    public const string EventId = "evt_1TestPostPurchase0000001";
    public const string SessionId = "cs_test_a1PostPurchaseCheckoutSession000000000000000000000000001";
    public const string PaymentIntentId = "pi_3TestPostPurchase0000001";
    public const string ChargeId = "ch_3TestPostPurchase0000001";
    public const string CustomerId = "cus_TestPostPurch1";
    public const string Email = "grace.hopper@example.com";

    /// <summary>An Event envelope (API version 2025-10-29.clover unless given) around <paramref name="obj"/>.</summary>
    public static JsonObject Event(string type, JsonObject obj, string id = EventId, string? apiVersion = "2025-10-29.clover", long created = 1_764_400_000) => new()
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = apiVersion,
        ["created"] = created,
        ["data"] = new JsonObject { ["object"] = obj },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
    };

    /// <summary>A paid, complete Checkout Session in payment mode (no line items: webhooks never carry them).</summary>
    public static JsonObject CheckoutSession(long amountTotal = 4200, string currency = "usd", string? email = Email, string paymentStatus = "paid") => new()
    {
        ["id"] = SessionId,
        ["object"] = "checkout.session",
        ["amount_subtotal"] = amountTotal,
        ["amount_total"] = amountTotal,
        ["consent"] = null,
        ["created"] = 1_764_399_900,
        ["currency"] = currency,
        ["customer"] = CustomerId,
        ["customer_details"] = new JsonObject
        {
            ["address"] = null, ["email"] = email, ["name"] = null, ["phone"] = null, ["tax_exempt"] = "none", ["tax_ids"] = new JsonArray(),
        },
        ["customer_email"] = null,
        ["livemode"] = false,
        ["locale"] = null,
        ["metadata"] = new JsonObject(),
        ["mode"] = "payment",
        ["payment_intent"] = PaymentIntentId,
        ["payment_method_types"] = new JsonArray("card"),
        ["payment_status"] = paymentStatus,
        ["shipping_details"] = null,
        ["status"] = "complete",
        ["success_url"] = "https://shop.example.com/thanks",
        ["total_details"] = new JsonObject { ["amount_discount"] = 0, ["amount_shipping"] = 0, ["amount_tax"] = 0 },
    };

    public static JsonObject CheckoutSessionCompleted(long amountTotal = 4200, string currency = "usd", string? email = Email) =>
        Event("checkout.session.completed", CheckoutSession(amountTotal, currency, email));

    /// <summary>
    /// A completed session as API versions before 2019-11 sent it: no <c>payment_status</c>, no <c>amount_total</c>,
    /// the items as <c>display_items</c> (type <c>custom</c>, amount per unit) and no customer email.
    /// </summary>
    public static JsonObject LegacyCheckoutSessionCompleted(string name = "enamel mug", int quantity = 3, long unitAmount = 1250) =>
        Event("checkout.session.completed", new JsonObject
        {
            ["id"] = "cs_test_LegacyPostPurchaseSession0001",
            ["object"] = "checkout.session",
            ["customer"] = "cus_LegacyPostPurch",
            ["customer_email"] = null,
            ["display_items"] = new JsonArray(new JsonObject
            {
                ["amount"] = unitAmount, ["currency"] = "usd", ["quantity"] = quantity, ["type"] = "custom",
                ["custom"] = new JsonObject { ["description"] = "a mug for tea", ["images"] = null, ["name"] = name },
            }),
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["mode"] = "payment",
            ["payment_intent"] = "pi_LegacyPostPurchase0001",
            ["payment_method_types"] = new JsonArray("card"),
        }, id: "evt_LegacyPostPurchase0001", apiVersion: "2019-05-16", created: 1_560_000_000);

    /// <summary>A succeeded PaymentIntent with one charge (no email, shipping name only), as API 2020-08-27 sends it.</summary>
    public static JsonObject PaymentIntentSucceeded(long amount = 1800, string currency = "usd") =>
        Event("payment_intent.succeeded", new JsonObject
        {
            ["id"] = PaymentIntentId,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_received"] = amount,
            ["created"] = 1_764_399_950,
            ["currency"] = currency,
            ["customer"] = null,
            ["metadata"] = new JsonObject(),
            ["receipt_email"] = null,
            ["shipping"] = new JsonObject
            {
                ["address"] = new JsonObject { ["city"] = "Arlington", ["country"] = "US", ["line1"] = "1 Navy Yard", ["postal_code"] = "22202", ["state"] = "VA" },
                ["name"] = "Grace Hopper", ["phone"] = null,
            },
            ["charges"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = ChargeId, ["object"] = "charge", ["amount"] = amount, ["currency"] = currency, ["paid"] = true,
                    ["payment_intent"] = PaymentIntentId, ["status"] = "succeeded",
                    ["billing_details"] = new JsonObject { ["address"] = null, ["email"] = null, ["name"] = null, ["phone"] = null },
                }),
                ["has_more"] = false,
            },
            ["status"] = "succeeded",
        }, apiVersion: "2020-08-27");

    /// <summary>A fully refunded Charge; <paramref name="paymentIntent"/> null is a charge made without a PaymentIntent.</summary>
    public static JsonObject ChargeRefunded(string? paymentIntent = null) =>
        Event("charge.refunded", new JsonObject
        {
            ["id"] = ChargeId, ["object"] = "charge", ["amount"] = 500, ["amount_refunded"] = 500, ["currency"] = "usd",
            ["payment_intent"] = paymentIntent, ["refunded"] = true, ["status"] = "succeeded",
        }, id: "evt_RefundPostPurchase0001");

    /// <summary>Events we do not act on: <c>invoice.paid</c>, <c>customer.subscription.deleted</c>, <c>plan.created</c>, <c>customer.created</c>.</summary>
    public static JsonObject Ignored(string type) => type switch
    {
        "invoice.paid" => Event(type, new JsonObject
        {
            ["id"] = "in_TestPostPurchase0001", ["object"] = "invoice", ["amount_paid"] = 900, ["currency"] = "usd",
            ["customer"] = CustomerId, ["status"] = "paid", ["subscription"] = "sub_TestPostPurchase0001",
        }, id: "evt_InvoicePostPurchase0001"),
        "customer.subscription.deleted" => Event(type, new JsonObject
        {
            ["id"] = "sub_TestPostPurchase0001", ["object"] = "subscription", ["customer"] = CustomerId, ["status"] = "canceled",
        }, id: "evt_SubPostPurchase0001"),
        "plan.created" => Event(type, new JsonObject
        {
            ["id"] = "price_TestPostPurchase0001", ["object"] = "plan", ["amount"] = 900, ["currency"] = "usd", ["interval"] = "month",
        }, id: "evt_PlanPostPurchase0001", apiVersion: null),
        "customer.created" => Event(type, new JsonObject
        {
            ["id"] = CustomerId, ["object"] = "customer", ["email"] = Email, ["metadata"] = new JsonObject(),
        }, id: "evt_CustomerPostPurchase0001"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no such sample"),
    };

    /// <summary>One Checkout Session line item (<c>object: "item"</c>) as the list-line-items endpoint returns it.</summary>
    public static JsonObject LineItem(string description, string priceId, string productId, int quantity, long unitAmount) => new()
    {
        ["id"] = "li_" + priceId[(priceId.IndexOf('_') + 1)..],
        ["object"] = "item",
        ["amount_discount"] = 0,
        ["amount_subtotal"] = unitAmount * quantity,
        ["amount_tax"] = 0,
        ["amount_total"] = unitAmount * quantity,
        ["currency"] = "usd",
        ["description"] = description,
        ["price"] = new JsonObject
        {
            ["id"] = priceId, ["object"] = "price", ["currency"] = "usd", ["lookup_key"] = null, ["product"] = productId,
            ["type"] = "one_time", ["unit_amount"] = unitAmount, ["unit_amount_decimal"] = unitAmount.ToString(),
        },
        ["quantity"] = quantity,
    };

    /// <summary>The body as Stripe sends it: UTF-8 JSON, two-space indented (the bytes that get signed).</summary>
    public static byte[] Bytes(JsonNode body) =>
        Encoding.UTF8.GetBytes(body.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
}
