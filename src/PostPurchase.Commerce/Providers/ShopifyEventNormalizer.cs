using System.Text.Json;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Money;

namespace PostPurchase.Commerce.Providers;

/// <summary>
/// Shopify webhook topics → purchases, stop and delivered events. The topic comes from <c>X-Shopify-Topic</c>; the
/// order id (the numeric REST id) is the journey's correlation id.
/// </summary>
public sealed class ShopifyEventNormalizer(bool startOnOrderCreate = false)
{
    public const string Provider = "shopify";

    public WebhookEvent Normalize(string topic, ReadOnlyMemory<byte> body)
    {
        using var document = Json.Parse(body);
        var root = document.RootElement;
        return topic switch
        {
            "orders/paid" => WebhookEvent.Started(topic, Order(root)),
            "orders/create" when startOnOrderCreate => WebhookEvent.Started(topic, Order(root)),
            "refunds/create" => WebhookEvent.Stopped(topic, root.Required("order id", "order_id"), "shopify: refunded (refunds/create)"),
            "orders/cancelled" => WebhookEvent.Stopped(topic, root.Required("order id", "id"), $"shopify: order cancelled ({root.Str("cancel_reason") ?? "no reason given"})"),
            "fulfillments/update" or "fulfillments/create" when root.Str("shipment_status") == "delivered" =>
                WebhookEvent.DeliveredTo(topic, root.Required("order id", "order_id")),
            _ => WebhookEvent.Ignore(topic, "not a topic we act on"),
        };
    }

    private static Purchase Order(JsonElement order)
    {
        var currency = (order.Str("currency") ?? "USD").ToUpperInvariant();
        var customer = order.Get("customer");
        var shipping = order.Get("shipping_address");
        var billing = order.Get("billing_address");
        // A guest checkout has no customer object: the name is only on the addresses.
        var name = AddressNames.Join(customer?.Str("first_name"), customer?.Str("last_name")) ?? AddressNames.FirstOf(shipping, billing);
        return new Purchase
        {
            Provider = Provider,
            OrderId = order.Required("order id", "id"),
            ProviderCustomerId = customer?.Str("id"),
            Customer = new Customer
            {
                Email = order.Str("email") ?? order.Str("contact_email") ?? customer?.Str("email"),
                Name = name,
                Phone = PhoneNumbers.ToE164(order.Str("phone") ?? customer?.Str("phone") ?? shipping?.Str("phone") ?? billing?.Str("phone")),
                Country = Countries.Alpha2(shipping?.Str("country_code") ?? billing?.Str("country_code")),
                Locale = order.Str("customer_locale"),
                MarketingConsent = customer?.Str("email_marketing_consent", "state") switch
                {
                    "subscribed" => true,
                    null => null,
                    _ => false,
                },
                SmsConsent = customer?.Str("sms_marketing_consent", "state") == "subscribed",
            },
            Items = order.Array("line_items").Select(line => Item(line, currency)).ToList(),
            TotalMinor = Currencies.FromDecimal(order.Decimal("total_price") ?? 0, currency),
            Currency = currency,
            PurchasedAt = order.Str("processed_at") is { } at && DateTimeOffset.TryParse(at, out var when) ? when : default,
            Metadata = new Dictionary<string, string> { ["shopify_order_name"] = order.Str("name") ?? "" },
        };
    }

    private static PurchaseItem Item(JsonElement line, string currency) => new()
    {
        Name = line.Str("name") ?? line.Str("title") ?? "item",
        Sku = line.Str("sku"),
        ProductId = line.Str("product_id"),
        VariantId = line.Str("variant_id"),
        Quantity = (int)(line.Long("quantity") ?? 1),
        UnitPriceMinor = Currencies.FromDecimal(line.Decimal("price") ?? 0, currency),
    };
}
