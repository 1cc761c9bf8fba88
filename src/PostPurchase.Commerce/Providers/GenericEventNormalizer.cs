using System.Text.Json;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Money;

namespace PostPurchase.Commerce.Providers;

/// <summary>
/// Our own body for <c>/webhooks/purchase</c> (documented in docs/webhooks.md): <c>type</c> purchase | refund |
/// delivered, <c>orderId</c>, <c>customer</c>, <c>items</c>, <c>total</c> and <c>currency</c>. Amounts are decimals
/// in the currency's major unit (59.90 EUR).
/// </summary>
public sealed class GenericEventNormalizer
{
    public const string Provider = "generic";

    public WebhookEvent Normalize(string webhookId, ReadOnlyMemory<byte> body)
    {
        using var document = Json.Parse(body);
        var root = document.RootElement;
        var type = root.Required("type", "type");
        var orderId = root.Required("order id", "orderId");
        return type switch
        {
            "purchase" => WebhookEvent.Started(type, Purchase(webhookId, orderId, root)),
            "refund" => WebhookEvent.Stopped(type, orderId, $"generic: refunded ({root.Str("reason") ?? "no reason given"})"),
            "delivered" => WebhookEvent.DeliveredTo(type, orderId),
            _ => WebhookEvent.Ignore(type, "type is not purchase, refund or delivered"),
        };
    }

    private static Purchase Purchase(string webhookId, string orderId, JsonElement root)
    {
        var currency = root.Required("currency", "currency").ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetter))
            throw new MalformedWebhookException($"currency '{currency}' is not an ISO 4217 code.");
        var items = root.Array("items").Select(item => Item(item, currency)).ToList();
        var total = root.Get("total") is null
            ? items.Sum(i => i.UnitPriceMinor * i.Quantity)
            : Currencies.FromDecimal(root.Decimal("total") ?? throw new MalformedWebhookException("total is not a number."), currency);
        if (total < 0) throw new MalformedWebhookException("total is negative.");
        var address = root.Get("shippingAddress") ?? root.Get("billingAddress");
        return new Purchase
        {
            Provider = Provider,
            OrderId = orderId,
            ProviderEventId = webhookId,
            ProviderCustomerId = root.Str("customer", "id"),
            Customer = new Customer
            {
                Email = root.Str("customer", "email"),
                Name = root.Str("customer", "name") ?? AddressNames.FirstOf(root.Get("shippingAddress"), root.Get("billingAddress")),
                Phone = PhoneNumbers.ToE164(root.Str("customer", "phone") ?? address?.Str("phone")),
                Country = Countries.Alpha2(root.Str("customer", "country") ?? address?.Str("country")),
                // Kept as sent: the message gateway resolves near-misses (America/New York) and says when it cannot.
                TimeZone = root.Str("customer", "timeZone")?.Trim(),
                Locale = root.Str("customer", "locale"),
                MarketingConsent = root.Bool("customer", "marketingConsent"),
                SmsConsent = root.Bool("customer", "smsConsent") == true,
            },
            Items = items,
            TotalMinor = total,
            Currency = currency,
            PurchasedAt = root.Str("purchasedAt") is { } at && DateTimeOffset.TryParse(at, out var when) ? when : default,
            Metadata = root.StringMap("metadata"),
        };
    }

    private static PurchaseItem Item(JsonElement item, string currency)
    {
        if (item.ValueKind != JsonValueKind.Object) throw new MalformedWebhookException("items must be objects.");
        var quantity = item.Long("quantity") ?? 1;
        if (quantity is < 1 or > int.MaxValue) throw new MalformedWebhookException("an item's quantity must be a positive whole number.");
        return new PurchaseItem
        {
            Sku = item.Str("sku"),
            Name = item.Str("name") ?? item.Str("sku") ?? throw new MalformedWebhookException("an item needs a name or sku."),
            Quantity = (int)quantity,
            UnitPriceMinor = Currencies.FromDecimal(item.Decimal("unitPrice") ?? 0, currency),
        };
    }
}
