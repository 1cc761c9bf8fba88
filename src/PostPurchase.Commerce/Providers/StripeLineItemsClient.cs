using System.Net.Http.Headers;
using System.Text.Json;
using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Money;

namespace PostPurchase.Commerce.Providers;

/// <summary>Checkout line items, which Stripe's webhooks never carry.</summary>
public interface IStripeLineItems
{
    Task<IReadOnlyList<PurchaseItem>> FetchAsync(string checkoutSessionId, CancellationToken cancellationToken);
}

/// <summary>Reads <c>GET /v1/checkout/sessions/{id}/line_items</c> (all pages) with the secret API key.</summary>
public sealed class StripeLineItemsClient(HttpClient http, StripeOptions options) : IStripeLineItems
{
    public async Task<IReadOnlyList<PurchaseItem>> FetchAsync(string checkoutSessionId, CancellationToken cancellationToken)
    {
        var items = new List<PurchaseItem>();
        string? startingAfter = null;
        for (var page = 0; page < 10; page++)
        {
            var url = $"{options.BaseUrl.TrimEnd('/')}/v1/checkout/sessions/{Uri.EscapeDataString(checkoutSessionId)}/line_items?limit=100"
                + (startingAfter is null ? "" : $"&starting_after={Uri.EscapeDataString(startingAfter)}");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"Stripe line_items answered {(int)response.StatusCode}.", null, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var root = body.RootElement;
            foreach (var line in root.Array("data"))
            {
                items.Add(ToItem(line));
                startingAfter = line.Str("id");
            }

            if (root.Bool("has_more") != true || startingAfter is null) break;
        }

        return items;
    }

    /// <summary>One Stripe line item; its Stripe amount is converted to ISO minor units of its own currency.</summary>
    public static PurchaseItem ToItem(JsonElement line)
    {
        var quantity = (int)(line.Long("quantity") ?? 1);
        var currency = line.Str("currency") ?? line.Str("price", "currency");
        var unit = Currencies.FromStripeAmount(line.Long("price", "unit_amount") ?? (quantity > 0 ? (line.Long("amount_total") ?? 0) / quantity : 0), currency);
        return new PurchaseItem
        {
            Name = line.Str("description") ?? line.Str("price", "nickname") ?? "item",
            Quantity = quantity,
            UnitPriceMinor = unit,
            PriceId = line.Str("price", "id"),
            ProductId = line.Str("price", "product") ?? line.Str("price", "product", "id"),
            Sku = line.Str("price", "metadata", "sku") ?? line.Str("price", "lookup_key"),
        };
    }
}
