using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows;

namespace PostPurchase.Messaging.Tests.Support;

public static class Purchases
{
    public static Purchase Ada(string? timeZone = "Europe/Berlin", bool smsConsent = true, string email = "ada@example.com", string phone = "+4915112345678") => new()
    {
        Provider = "stripe",
        OrderId = "order-" + Guid.NewGuid().ToString("N")[..8],
        Customer = new Customer { Email = email, Name = "Ada Lovelace", Phone = phone, TimeZone = timeZone, SmsConsent = smsConsent },
        Items = [new PurchaseItem { Name = "Analytical Engine", Quantity = 1, UnitPriceMinor = 4200 }],
        TotalMinor = 4200,
        Currency = "EUR",
        PurchasedAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero),
    };

    public static JsonObject Input(Purchase purchase) =>
        new() { ["purchase"] = JsonSerializer.SerializeToNode(purchase, JsonDefaults.Options) };
}
