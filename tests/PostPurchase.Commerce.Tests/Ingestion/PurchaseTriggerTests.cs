using System.Text.Json.Nodes;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Model;

namespace PostPurchase.Commerce.Tests.Ingestion;

public sealed class PurchaseTriggerTests : IAsyncDisposable
{
    private readonly CommerceEngine _engine = new();

    private static Purchase Purchase(string orderId, string provider = "shopify", long totalMinor = 5000, string currency = "EUR", string sku = "MUG-1") => new()
    {
        Provider = provider, OrderId = orderId, Customer = new Customer { Email = "ada@example.com", Name = "Ada Lovelace" },
        Items = [new PurchaseItem { Sku = sku, PriceId = "price_" + sku, Name = "Mug", UnitPriceMinor = totalMinor }],
        TotalMinor = totalMinor, Currency = currency,
    };

    private async Task<IReadOnlyList<string>> StartedDefinitionsAsync(Purchase purchase)
    {
        await _engine.Ingestion.IngestAsync(purchase.Provider, "evt-" + purchase.OrderId, WebhookEvent.Started("test", purchase));
        await _engine.Worker.DrainAsync();
        return (await _engine.InstancesAsync(purchase.OrderId)).Select(i => i.DefinitionId).OrderBy(d => d).ToList();
    }

    [Fact]
    public async Task Each_filter_decides_which_published_journeys_start()
    {
        await _engine.PublishJourneyAsync("all");
        await _engine.PublishJourneyAsync("stripe-only", new JsonObject { ["provider"] = "stripe" });
        await _engine.PublishJourneyAsync("mugs", new JsonObject { ["sku"] = "TEA-9, mug-1" });
        await _engine.PublishJourneyAsync("big", new JsonObject { ["minimumAmount"] = "100" });
        await _engine.PublishJourneyAsync("usd", new JsonObject { ["currency"] = "usd" });

        Assert.Equal(["all", "mugs"], await StartedDefinitionsAsync(Purchase("o1")));
        Assert.Equal(["all", "stripe-only"], await StartedDefinitionsAsync(Purchase("o2", provider: "stripe", sku: "BAG")));
        Assert.Equal(["all", "big", "mugs"], await StartedDefinitionsAsync(Purchase("o3", totalMinor: 10000)));
        Assert.Equal(["all", "usd"], await StartedDefinitionsAsync(Purchase("o4", currency: "USD", sku: "price_x")));
        Assert.Equal(["all", "mugs"], await StartedDefinitionsAsync(Purchase("o5", sku: "TEA-9", totalMinor: 9999)));
    }

    [Fact]
    public async Task The_minimum_amount_is_in_the_major_unit_of_each_currency_and_a_free_order_starts_unfiltered_journeys()
    {
        await _engine.PublishJourneyAsync("all");
        await _engine.PublishJourneyAsync("from-12.5", new JsonObject { ["minimumAmount"] = "12.5" });

        Assert.Equal(["all", "from-12.5"], await StartedDefinitionsAsync(Purchase("k1", currency: "KWD", totalMinor: 12500))); // 12.500 KWD
        Assert.Equal(["all"], await StartedDefinitionsAsync(Purchase("k2", currency: "KWD", totalMinor: 12499)));
        Assert.Equal(["all"], await StartedDefinitionsAsync(Purchase("j1", currency: "JPY", totalMinor: 12))); // 12 JPY
        Assert.Equal(["all", "from-12.5"], await StartedDefinitionsAsync(Purchase("j2", currency: "JPY", totalMinor: 13)));
        Assert.Equal(["all"], await StartedDefinitionsAsync(Purchase("free", currency: "USD", totalMinor: 0)));
    }

    [Fact]
    public async Task The_journey_gets_the_purchase_as_output_and_input_and_is_correlated_by_order()
    {
        await _engine.PublishJourneyAsync("journey");
        await StartedDefinitionsAsync(Purchase("o-42"));

        var instance = Assert.Single(await _engine.InstancesAsync("o-42"));
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);
        Assert.Equal("ada@example.com", (string?)instance.State.Input["purchase"]!["customer"]!["email"]);
    }

    [Fact]
    public async Task Delivered_resumes_the_journey_and_a_refund_cancels_it()
    {
        await _engine.PublishJourneyAsync("journey");
        await StartedDefinitionsAsync(Purchase("o-delivered"));
        await StartedDefinitionsAsync(Purchase("o-refunded"));

        await _engine.Ingestion.IngestAsync("shopify", "wh-1", WebhookEvent.DeliveredTo("fulfillments/update", "o-delivered"));
        await _engine.Ingestion.IngestAsync("shopify", "wh-2", WebhookEvent.Stopped("refunds/create", "o-refunded", "shopify: refunded"));
        await _engine.Worker.DrainAsync();

        var delivered = Assert.Single(await _engine.InstancesAsync("o-delivered"));
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (delivered.Status, delivered.SubStatus));
        var refunded = Assert.Single(await _engine.InstancesAsync("o-refunded"));
        Assert.Equal(WorkflowSubStatus.Cancelled, refunded.SubStatus);
        Assert.Equal("shopify: refunded", (string?)refunded.State.Properties["cancelReason"]);
    }

    [Fact]
    public async Task A_start_arriving_after_the_refund_starts_nothing()
    {
        await _engine.PublishJourneyAsync("journey");
        await _engine.Ingestion.IngestAsync("paypal", "WH-refund", WebhookEvent.Stopped("PAYMENT.CAPTURE.REFUNDED", "cap-1", "paypal: refunded"));
        await _engine.Worker.DrainAsync();
        Assert.Empty(await StartedDefinitionsAsync(Purchase("cap-1", provider: "paypal")));
    }

    public async ValueTask DisposeAsync() => await _engine.DisposeAsync();
}
