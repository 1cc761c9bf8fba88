using System.Text.Json;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Money;

namespace PostPurchase.Commerce.Providers;

/// <summary>
/// PayPal webhook events → purchases and stop events. The order id is the capture (or legacy sale) id; a refund
/// names its capture in its <c>up</c> link (or <c>sale_id</c> for legacy sales).
/// </summary>
public sealed class PayPalEventNormalizer
{
    public const string Provider = "paypal";

    public (string EventId, WebhookEvent Event) Normalize(ReadOnlyMemory<byte> body)
    {
        using var document = Json.Parse(body);
        var root = document.RootElement;
        var eventId = root.Required("event id", "id");
        var type = root.Required("event type", "event_type");
        var resource = root.Get("resource") ?? throw new MalformedWebhookException("The body has no resource.");
        var result = type switch
        {
            "PAYMENT.CAPTURE.COMPLETED" or "PAYMENT.SALE.COMPLETED" => WebhookEvent.Started(type, Capture(eventId, root, resource)),
            "PAYMENT.CAPTURE.REFUNDED" or "PAYMENT.CAPTURE.REVERSED" => WebhookEvent.Stopped(type, RefundedCapture(resource), $"paypal: refunded ({type})"),
            "PAYMENT.SALE.REFUNDED" or "PAYMENT.SALE.REVERSED" => WebhookEvent.Stopped(type, resource.Required("sale id", "sale_id"), $"paypal: refunded ({type})"),
            _ => WebhookEvent.Ignore(type, "not an event we act on"),
        };
        return (eventId, result);
    }

    private static Purchase Capture(string eventId, JsonElement root, JsonElement resource)
    {
        // v2 captures: amount {currency_code, value}; v1 sales: amount {currency, total}.
        var currency = (resource.Str("amount", "currency_code") ?? resource.Str("amount", "currency") ?? "USD").ToUpperInvariant();
        var amount = resource.Decimal("amount", "value") ?? resource.Decimal("amount", "total") ?? 0;
        var payer = resource.Get("payer") ?? root.Get("payer");
        // v2: resource.shipping {name.full_name, address}; v1 sales: payer.payer_info {first_name, last_name, shipping_address}.
        var shipping = resource.Get("shipping") ?? root.Get("shipping") ?? payer?.Get("payer_info", "shipping_address");
        var name = AddressNames.Join(payer?.Str("name", "given_name"), payer?.Str("name", "surname"))
            ?? AddressNames.FirstOf(payer?.Get("payer_info"), shipping);
        var metadata = new Dictionary<string, string>();
        if (resource.Str("supplementary_data", "related_ids", "order_id") is { } paypalOrder) metadata["paypal_order_id"] = paypalOrder;
        if (resource.Str("invoice_id") is { } invoice) metadata["invoice_id"] = invoice;
        if ((resource.Str("custom_id") ?? resource.Str("custom")) is { } custom) metadata["custom_id"] = custom;
        return new Purchase
        {
            Provider = Provider,
            OrderId = resource.Required("capture id", "id"),
            ProviderEventId = eventId,
            ProviderCustomerId = payer?.Str("payer_id"),
            Customer = new Customer
            {
                Email = payer?.Str("email_address"),
                Name = name,
                Country = Countries.Alpha2(shipping?.Str("address", "country_code") ?? shipping?.Str("country_code") ?? payer?.Str("address", "country_code")),
                Phone = PhoneNumbers.ToE164(payer?.Str("phone", "phone_number", "national_number") is { } n && payer?.Str("phone", "phone_number", "country_code") is { } cc ? $"+{cc}{n}" : null),
            },
            TotalMinor = Currencies.FromDecimal(amount, currency),
            Currency = currency,
            PurchasedAt = (resource.Str("create_time") ?? root.Str("create_time")) is { } at && DateTimeOffset.TryParse(at, out var when) ? when : default,
            Metadata = metadata,
        };
    }

    private static string RefundedCapture(JsonElement refund)
    {
        foreach (var link in refund.Array("links"))
            if (link.Str("rel") == "up" && link.Str("href") is { } href && href.Contains("/captures/", StringComparison.Ordinal))
                return href.TrimEnd('/').Split('/')[^1];
        return refund.Str("supplementary_data", "related_ids", "capture_id")
            ?? throw new MalformedWebhookException("The refund names no capture (no 'up' link to /captures/{id}).");
    }
}
