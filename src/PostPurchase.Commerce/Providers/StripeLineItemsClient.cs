using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Money;
using Stripe;
using Stripe.Checkout;

namespace PostPurchase.Commerce.Providers;

/// <summary>Checkout line items, which Stripe's webhooks never carry.</summary>
public interface IStripeLineItems
{
    /// <summary>All line items of the checkout session. Throws <see cref="HttpRequestException"/> when Stripe cannot be asked.</summary>
    Task<IReadOnlyList<PurchaseItem>> FetchAsync(string checkoutSessionId, CancellationToken cancellationToken);
}

/// <summary>
/// Reads <c>GET /v1/checkout/sessions/{id}/line_items</c> through Stripe.net, following every page (100 per page) with
/// the library's auto-paging. One retry only: the webhook that needs the items waits for them.
/// </summary>
public sealed class StripeLineItemsClient(HttpClient http, StripeOptions options) : IStripeLineItems
{
    private readonly SessionLineItemService _service = new(StripeApi.Client(options, http, maxNetworkRetries: 1));

    public Task<IReadOnlyList<PurchaseItem>> FetchAsync(string checkoutSessionId, CancellationToken cancellationToken) =>
        StripeApi.CallAsync<IReadOnlyList<PurchaseItem>>("line_items", async () =>
        {
            var items = new List<PurchaseItem>();
            var pages = _service.ListAutoPagingAsync(checkoutSessionId, new SessionLineItemListOptions { Limit = 100 }, cancellationToken: cancellationToken);
            await foreach (var line in pages.WithCancellation(cancellationToken)) items.Add(ToItem(line));
            return items;
        }, cancellationToken);

    /// <summary>One Stripe line item; its Stripe amount is converted to ISO minor units of its own currency.</summary>
    public static PurchaseItem ToItem(LineItem line)
    {
        var quantity = (int)(line.Quantity ?? 1);
        var currency = line.Currency ?? line.Price?.Currency;
        var stripeUnit = line.Price?.UnitAmount ?? (quantity > 0 ? line.AmountTotal / quantity : 0);
        return new PurchaseItem
        {
            Name = line.Description ?? line.Price?.Nickname ?? "item",
            Quantity = quantity,
            UnitPriceMinor = Currencies.FromStripeAmount(stripeUnit, currency),
            PriceId = line.Price?.Id,
            ProductId = line.Price?.ProductId,
            Sku = line.Price?.Metadata?.GetValueOrDefault("sku") ?? line.Price?.LookupKey,
        };
    }
}
