using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Commerce.Tests.Ingestion;

public sealed class IngestionTests : IAsyncDisposable
{
    private readonly CommerceEngine _engine = new();

    private static Purchase Purchase(string orderId, string provider = "stripe") => new()
    {
        Provider = provider, OrderId = orderId, Customer = new Customer { Email = "ada@example.com", Name = "Ada Lovelace" },
        TotalMinor = 4990, Currency = "EUR",
    };

    private async Task<List<WorkItem>> QueuedAsync() =>
        (await _engine.Queue.ClaimAsync("probe", DateTimeOffset.UtcNow.AddMinutes(1), 1000)).ToList();

    [Fact]
    public async Task Twenty_concurrent_replays_of_one_event_record_one_row_and_queue_one_start()
    {
        var start = WebhookEvent.Started("checkout.session.completed", Purchase("pi_1"));
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _engine.Ingestion.IngestAsync("stripe", "evt_1", start))));

        Assert.Equal(1, results.Count(r => r == IngestionResult.Accepted));
        Assert.Equal(19, results.Count(r => r == IngestionResult.Duplicate));
        Assert.Single(_engine.Inbox.Events);
        var item = Assert.Single(await QueuedAsync());
        Assert.Equal((WorkItemKind.Trigger, "PostPurchase.PurchaseTrigger", "pi_1"), (item.Kind, item.ActivityType, item.CorrelationId));
        Assert.Equal("pi_1", (string?)item.Payload!["purchase"]!["orderId"]);
        Assert.Equal("ada@example.com", (string?)item.Payload["purchase"]!["customer"]!["email"]);
    }

    [Fact]
    public async Task A_delivery_counts_as_in_flight_for_the_worker_until_it_is_answered()
    {
        var seen = new List<int>();
        await using var engine = new CommerceEngine(services => services.AddSingleton<IInboxStore>(sp =>
            new InFlightProbe(sp.GetRequiredService<InMemoryInboxStore>(), sp.GetRequiredService<IngestPressure>(), seen)));

        await engine.Ingestion.IngestAsync("stripe", "evt_1", WebhookEvent.Started("checkout.session.completed", Purchase("pi_1")));

        Assert.Equal([1], seen);
        Assert.Equal(0, engine.Services.GetRequiredService<IngestPressure>().InFlight);
    }

    /// <summary>Notes how many deliveries the worker sees in flight while one is being recorded.</summary>
    private sealed class InFlightProbe(IInboxStore inner, IngestPressure pressure, List<int> seen) : IInboxStore
    {
        public Task<bool> TryRecordAsync(InboxEvent inboxEvent, WorkItem? workItem, CancellationToken cancellationToken = default)
        {
            seen.Add(pressure.InFlight);
            return inner.TryRecordAsync(inboxEvent, workItem, cancellationToken);
        }
    }

    [Fact]
    public async Task Two_start_events_for_one_order_queue_one_start()
    {
        Assert.Equal(IngestionResult.Accepted, await _engine.Ingestion.IngestAsync("stripe", "evt_checkout", WebhookEvent.Started("checkout.session.completed", Purchase("pi_7"))));
        Assert.Equal(IngestionResult.Duplicate, await _engine.Ingestion.IngestAsync("stripe", "evt_intent", WebhookEvent.Started("payment_intent.succeeded", Purchase("pi_7"))));
        Assert.Single(await QueuedAsync());
    }

    [Fact]
    public async Task The_same_event_id_from_two_providers_is_two_events()
    {
        await _engine.Ingestion.IngestAsync("stripe", "1", WebhookEvent.Started("x", Purchase("A")));
        await _engine.Ingestion.IngestAsync("shopify", "1", WebhookEvent.Started("orders/paid", Purchase("A", "shopify")));
        Assert.Equal(2, (await QueuedAsync()).Count);
    }

    [Fact]
    public async Task Stops_queue_a_cancel_delivered_queues_an_event_and_ignored_queues_nothing()
    {
        Assert.Equal(IngestionResult.Accepted, await _engine.Ingestion.IngestAsync("stripe", "evt_r", WebhookEvent.Stopped("charge.refunded", "pi_1", "stripe: refunded")));
        Assert.Equal(IngestionResult.Accepted, await _engine.Ingestion.IngestAsync("shopify", "wh_d", WebhookEvent.DeliveredTo("fulfillments/update", "450789469")));
        Assert.Equal(IngestionResult.Ignored, await _engine.Ingestion.IngestAsync("stripe", "evt_i", WebhookEvent.Ignore("invoice.paid", "not an event we act on")));
        Assert.Equal(IngestionResult.Duplicate, await _engine.Ingestion.IngestAsync("stripe", "evt_i", WebhookEvent.Ignore("invoice.paid", "not an event we act on")));

        var queued = await QueuedAsync();
        Assert.Equal(2, queued.Count);
        var cancel = queued.Single(i => i.Kind == WorkItemKind.Cancel);
        Assert.Equal(("pi_1", "stripe: refunded"), (cancel.CorrelationId, cancel.Reason));
        var delivered = queued.Single(i => i.Kind == WorkItemKind.Event);
        Assert.Equal(("delivered", "450789469"), (delivered.EventName, delivered.CorrelationId));

        var ignored = _engine.Inbox.Events.Single(e => e.EventId == "evt_i");
        Assert.Equal(("ignored", null), (ignored.Outcome, ignored.WorkItemId));
    }

    [Fact]
    public async Task A_repeat_customer_s_purchase_carries_their_earlier_orders_but_not_refunded_ones()
    {
        await _engine.Ingestion.IngestAsync("stripe", "evt_a", WebhookEvent.Started("checkout.session.completed", Purchase("order_a")));
        await _engine.Ingestion.IngestAsync("shopify", "evt_b", WebhookEvent.Started("orders/paid", Purchase("order_b", "shopify") with { TotalMinor = 1000 }));
        await _engine.Ingestion.IngestAsync("shopify", "evt_b_refund", WebhookEvent.Stopped("refunds/create", "order_b", "refunded"));
        var other = Purchase("order_c") with { Customer = new Customer { Email = "someone@example.com" } };
        await _engine.Ingestion.IngestAsync("stripe", "evt_c", WebhookEvent.Started("checkout.session.completed", other));
        var third = Purchase("order_d") with { Customer = new Customer { Email = "ADA@example.com" } };
        await _engine.Ingestion.IngestAsync("stripe", "evt_d", WebhookEvent.Started("checkout.session.completed", third));

        var starts = (await QueuedAsync()).Where(i => i.Kind == WorkItemKind.Trigger).ToDictionary(i => i.CorrelationId!);
        Assert.Equal(0, (int?)starts["order_a"].Payload!["purchase"]!["previousOrderCount"] ?? 0);
        Assert.Equal(0, (int?)starts["order_c"].Payload!["purchase"]!["previousOrderCount"] ?? 0);
        // order_b was refunded, so only order_a counts: one order of 49.90 EUR.
        Assert.Equal(1, (int?)starts["order_d"].Payload!["purchase"]!["previousOrderCount"]);
        Assert.Equal(4990, (long?)starts["order_d"].Payload!["purchase"]!["lifetimeValueMinor"]);
    }

    public async ValueTask DisposeAsync() => await _engine.DisposeAsync();
}
