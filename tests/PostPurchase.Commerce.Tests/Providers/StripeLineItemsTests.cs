using System.Text.Json.Nodes;
using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Providers;
using PostPurchase.TestSupport.Commerce;

namespace PostPurchase.Commerce.Tests.Providers;

public sealed class StripeLineItemsTests : IAsyncLifetime
{
    private const string ApiKey = "sk_test_standin";
    private const string SessionId = StripeEvents.SessionId;
    private readonly StripeApiStandIn _stripe = new(ApiKey);
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => _stripe.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stripe.DisposeAsync();
    }

    private StripeEventNormalizer Normalizer(string apiKey = ApiKey) =>
        new(new StripeLineItemsClient(_http, new StripeOptions { ApiKey = apiKey, BaseUrl = _stripe.BaseUrl }));

    [Fact]
    public async Task Checkout_line_items_are_fetched_before_the_purchase_is_built()
    {
        _stripe.AddLineItems(SessionId, StripeEvents.LineItem("Linen apron", "price_1TestApron0001", "prod_TestApron01", 1, 1000));

        var (_, e) = await Normalizer().NormalizeAsync(StripeEvents.Bytes(StripeEvents.CheckoutSessionCompleted(amountTotal: 4200)), CancellationToken.None);

        var item = Assert.Single(e.Purchase!.Items);
        Assert.Equal(("Linen apron", "price_1TestApron0001", "prod_TestApron01", 1, 1000L), (item.Name, item.PriceId, item.ProductId, item.Quantity, item.UnitPriceMinor));
        Assert.Equal(4200, e.Purchase.TotalMinor); // the session's own total wins
        Assert.Equal(1, _stripe.Requests);
    }

    [Fact]
    public async Task Every_page_is_read()
    {
        var items = Enumerable.Range(1, 130).Select(i => new JsonObject
        {
            ["id"] = $"li_{i:000}", ["object"] = "item", ["description"] = $"Item {i}", ["quantity"] = 1, ["amount_total"] = 100,
            ["price"] = new JsonObject { ["id"] = $"price_{i}", ["unit_amount"] = 100, ["product"] = "prod_1", ["lookup_key"] = $"SKU-{i}" },
        }).ToArray();
        _stripe.AddLineItems("cs_many", items);
        var client = new StripeLineItemsClient(_http, new StripeOptions { ApiKey = ApiKey, BaseUrl = _stripe.BaseUrl });

        var fetched = await client.FetchAsync("cs_many", CancellationToken.None);

        Assert.Equal(130, fetched.Count);
        Assert.Equal("SKU-130", fetched[^1].Sku);
        Assert.Equal(2, _stripe.Requests);
        var pages = _stripe.Received;
        Assert.All(pages, p => Assert.Equal(Stripe.StripeConfiguration.ApiVersion, p.StripeVersion));
        Assert.Equal("100", pages[0].Fields["limit"]);
        Assert.False(pages[0].Fields.ContainsKey("starting_after"));
        Assert.Equal("li_100", pages[1].Fields["starting_after"]);
    }

    [Fact]
    public async Task Stripe_amounts_become_iso_minor_units_of_the_items_currency()
    {
        _stripe.AddLineItems("cs_isk", new JsonObject
        {
            ["id"] = "li_1", ["object"] = "item", ["description"] = "Lopapeysa", ["quantity"] = 2, ["amount_total"] = 2460000, ["currency"] = "isk",
            ["price"] = new JsonObject { ["id"] = "price_isk", ["object"] = "price", ["unit_amount"] = 1230000, ["currency"] = "isk", ["product"] = "prod_1" },
        });
        var client = new StripeLineItemsClient(_http, new StripeOptions { ApiKey = ApiKey, BaseUrl = _stripe.BaseUrl });

        var item = Assert.Single(await client.FetchAsync("cs_isk", CancellationToken.None));

        Assert.Equal((2, 12300L), (item.Quantity, item.UnitPriceMinor)); // Stripe counts ISK in hundredths; ISO 4217 does not
    }

    [Fact]
    public async Task When_stripe_refuses_the_purchase_still_starts_without_items()
    {
        var (_, e) = await Normalizer(apiKey: "sk_test_wrong").NormalizeAsync(StripeEvents.Bytes(StripeEvents.CheckoutSessionCompleted()), CancellationToken.None);
        Assert.Equal(WebhookEventKind.Purchase, e.Kind);
        Assert.Empty(e.Purchase!.Items);
        Assert.Equal("unavailable", e.Purchase.Metadata["line_items"]);
        Assert.Equal(1, _stripe.Requests);
    }
}
