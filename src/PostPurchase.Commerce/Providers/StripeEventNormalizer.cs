using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Money;

namespace PostPurchase.Commerce.Providers;

/// <summary>
/// Stripe events → purchases and stop events. The order id is always the PaymentIntent id, which the checkout
/// session, the payment intent and a refunded or disputed charge all carry, so a refund finds its journey.
/// Stripe's <c>amount</c> fields are converted to ISO minor units with <see cref="Currencies.FromStripeAmount"/>
/// (Stripe sends ISK with two decimals). A free checkout (<c>payment_status: no_payment_required</c>) is a purchase.
/// </summary>
public sealed class StripeEventNormalizer(IStripeLineItems? lineItems = null, ILogger<StripeEventNormalizer>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<StripeEventNormalizer>.Instance;

    public const string Provider = "stripe";

    /// <summary>The event id and what the event means. Line items are fetched only when a client was given.</summary>
    public async Task<(string EventId, WebhookEvent Event)> NormalizeAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var document = Json.Parse(body);
        var root = document.RootElement;
        var eventId = root.Required("event id", "id");
        var type = root.Required("event type", "type");
        var obj = root.Get("data", "object") ?? throw new MalformedWebhookException("The body has no data.object.");

        var result = type switch
        {
            "checkout.session.completed" or "checkout.session.async_payment_succeeded" => await CheckoutSessionAsync(type, eventId, obj, cancellationToken),
            "payment_intent.succeeded" => WebhookEvent.Started(type, PaymentIntent(eventId, obj)),
            "charge.refunded" => Stop(type, obj, "refunded"),
            "charge.dispute.created" => Stop(type, obj, "disputed"),
            _ => WebhookEvent.Ignore(type, "not an event we act on"),
        };
        return (eventId, result);
    }

    private async Task<WebhookEvent> CheckoutSessionAsync(string type, string eventId, JsonElement session, CancellationToken cancellationToken)
    {
        // payment_status is absent only in API versions before 2019-11 where a completed payment session was always paid.
        // no_payment_required is a free order (100 % coupon, free download): a purchase like any other. "unpaid" is an
        // async payment still pending; its checkout.session.async_payment_succeeded starts the journey later.
        var paymentStatus = session.Str("payment_status");
        if (paymentStatus is not null and not "paid" and not "no_payment_required")
            return WebhookEvent.Ignore(type, $"payment_status is {paymentStatus}, not paid");

        var sessionId = session.Required("checkout session id", "id");
        var metadata = session.StringMap("metadata");
        var currency = (session.Str("currency") ?? "usd").ToUpperInvariant();
        var items = DisplayItems(session, currency) is { Count: > 0 } legacy ? legacy : await LineItemsAsync(sessionId, metadata, cancellationToken);
        var shipping = session.Get("shipping_details") ?? session.Get("collected_information", "shipping_details") ?? session.Get("shipping");
        var purchase = new Purchase
        {
            Provider = Provider,
            OrderId = session.Str("payment_intent") ?? session.Str("payment_intent", "id") ?? sessionId,
            ProviderEventId = eventId,
            ProviderCustomerId = session.Str("customer") ?? session.Str("customer", "id"),
            Customer = new Customer
            {
                Email = session.Str("customer_details", "email") ?? session.Str("customer_email"),
                Name = session.Str("customer_details", "name") ?? shipping?.Str("name"),
                Phone = PhoneNumbers.ToE164(session.Str("customer_details", "phone") ?? shipping?.Str("phone")),
                Country = Countries.Alpha2(shipping?.Str("address", "country") ?? session.Str("customer_details", "address", "country")),
                TimeZone = metadata.GetValueOrDefault("timezone"),
                Locale = metadata.GetValueOrDefault("locale") ?? KnownLocale(session.Str("locale")),
                MarketingConsent = MarketingConsent(session),
                SmsConsent = metadata.GetValueOrDefault("sms_consent") == "true",
            },
            Items = items,
            TotalMinor = session.Long("amount_total") is { } total ? Currencies.FromStripeAmount(total, currency) : items.Sum(i => i.UnitPriceMinor * i.Quantity),
            Currency = currency,
            PurchasedAt = Created(session),
            Metadata = WithSession(metadata, sessionId),
        };
        return WebhookEvent.Started(type, purchase);
    }

    /// <summary>Missing line items must not lose the purchase: the journey starts with the total and no items.</summary>
    private async Task<IReadOnlyList<PurchaseItem>> LineItemsAsync(string sessionId, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        if (lineItems is null) return [];
        try
        {
            return await lineItems.FetchAsync(sessionId, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _logger.LogWarning("Stripe line items of checkout session {SessionId} unavailable ({Error}); starting without items", sessionId, ex.Message);
            metadata["line_items"] = "unavailable";
            return [];
        }
    }

    /// <summary>Sessions of API versions before 2020-08-27 carry their items as display_items.</summary>
    private static List<PurchaseItem> DisplayItems(JsonElement session, string currency) => session.Array("display_items").Select(item => new PurchaseItem
    {
        Name = item.Str("custom", "name") ?? item.Str("price", "nickname") ?? item.Str("sku", "id") ?? "item",
        Sku = item.Str("sku", "id"),
        PriceId = item.Str("price", "id"),
        ProductId = item.Str("price", "product"),
        Quantity = (int)(item.Long("quantity") ?? 1),
        UnitPriceMinor = Currencies.FromStripeAmount(item.Long("amount") ?? item.Long("price", "unit_amount") ?? 0, currency),
    }).ToList();

    private static Purchase PaymentIntent(string eventId, JsonElement intent)
    {
        var metadata = intent.StringMap("metadata");
        var charge = intent.Array("charges", "data").FirstOrDefault();
        var hasCharge = charge.ValueKind == JsonValueKind.Object;
        var billing = hasCharge ? charge.Get("billing_details") : intent.Get("latest_charge", "billing_details");
        var currency = (intent.Str("currency") ?? "usd").ToUpperInvariant();
        return new Purchase
        {
            Provider = Provider,
            OrderId = intent.Required("payment intent id", "id"),
            ProviderEventId = eventId,
            ProviderCustomerId = intent.Str("customer") ?? intent.Str("customer", "id"),
            Customer = new Customer
            {
                Email = intent.Str("receipt_email") ?? billing?.Str("email"),
                Name = intent.Str("shipping", "name") ?? billing?.Str("name"),
                Phone = PhoneNumbers.ToE164(intent.Str("shipping", "phone") ?? billing?.Str("phone")),
                Country = Countries.Alpha2(intent.Str("shipping", "address", "country") ?? billing?.Str("address", "country")),
                TimeZone = metadata.GetValueOrDefault("timezone"),
                Locale = metadata.GetValueOrDefault("locale"),
                MarketingConsent = null,
                SmsConsent = metadata.GetValueOrDefault("sms_consent") == "true",
            },
            TotalMinor = Currencies.FromStripeAmount(intent.Long("amount_received") is { } received and > 0 ? received : intent.Long("amount") ?? 0, currency),
            Currency = currency,
            PurchasedAt = Created(intent),
            Metadata = metadata,
        };
    }

    private static WebhookEvent Stop(string type, JsonElement obj, string why)
    {
        // A charge carries its PaymentIntent; a dispute carries it too. Older charges without one are keyed by their own id.
        var orderId = obj.Str("payment_intent") ?? obj.Str("payment_intent", "id") ?? obj.Str("charge") ?? obj.Required("object id", "id");
        return WebhookEvent.Stopped(type, orderId, $"stripe: {why} ({type})");
    }

    private static bool? MarketingConsent(JsonElement session) => session.Str("consent", "promotions") switch
    {
        "opt_in" => true,
        "opt_out" => false,
        _ => null,
    };

    private static string? KnownLocale(string? locale) => locale is null or "auto" ? null : locale;

    private static DateTimeOffset Created(JsonElement obj) =>
        obj.Long("created") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : default;

    private static Dictionary<string, string> WithSession(Dictionary<string, string> metadata, string sessionId)
    {
        metadata["stripe_checkout_session"] = sessionId;
        return metadata;
    }
}
