using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Persistence;
using PostPurchase.Persistence.Workflows;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Tests;

/// <summary>
/// Concurrent webhooks share one inbox commit (<see cref="RequestBatcher{TRequest,TResult}"/>); each delivery still
/// gets exactly the answer it would get alone.
/// </summary>
public sealed class InboxGroupCommitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static InboxEvent Event(string id, string? workItemId) => new()
    {
        Provider = "stripe", EventId = id, EventType = "checkout.session.completed", Outcome = workItemId is null ? "ignored" : "purchase",
        OrderId = "cs_" + id, WorkItemId = workItemId, ReceivedAt = T0,
    };

    private static Purchase Order(int i) => new()
    {
        Provider = "stripe", OrderId = $"cs_{i}", Customer = new Customer { Email = $"c{i % 5}@example.com" }, TotalMinor = 100 * i, Currency = "EUR", PurchasedAt = T0,
    };

    private static WorkItem Start(string id) => new() { Id = id, Kind = WorkItemKind.Trigger, ActivityType = "PostPurchase.PurchaseTrigger", CreatedAt = T0 };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Concurrent_deliveries_with_replays_among_them_each_get_the_answer_they_would_get_alone(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var inbox = services.GetRequiredService<IInboxStore>();
        Assert.True(await inbox.TryRecordAsync(Event("old", "start-old"), Start("start-old")));

        // Per order i: its event twice (a provider retry), and for i < 10 a second event of the same order (same start id).
        var deliveries = new List<(string Group, InboxEvent Event, WorkItem? Work)>();
        for (var i = 0; i < 20; i++)
        {
            deliveries.Add(($"order-{i}", Event($"e{i}", $"start-{i}") with { Order = Order(i) }, Start($"start-{i}")));
            deliveries.Add(($"order-{i}", Event($"e{i}", $"start-{i}") with { Order = Order(i) }, Start($"start-{i}")));
            if (i < 10) deliveries.Add(($"order-{i}", Event($"x{i}", $"start-{i}") with { Order = Order(i) }, Start($"start-{i}")));
            deliveries.Add(($"ignored-{i}", Event($"n{i}", null), null));
        }

        for (var i = 0; i < 5; i++) deliveries.Add(("old", Event("old", "start-old"), Start("start-old")));
        var results = await Task.WhenAll(deliveries.Select(d => Task.Run(async () => (d.Group, Recorded: await inbox.TryRecordAsync(d.Event, d.Work)))));

        var recordedPerGroup = results.GroupBy(r => r.Group).ToDictionary(g => g.Key, g => g.Count(r => r.Recorded));
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(1, recordedPerGroup[$"order-{i}"]));
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(1, recordedPerGroup[$"ignored-{i}"]));
        Assert.Equal(0, recordedPerGroup["old"]);

        await using var db = await services.GetRequiredService<IDbContextFactory<PostPurchaseDbContext>>().CreateDbContextAsync();
        var events = await db.Set<Commerce.InboxEventRow>().ToListAsync();
        Assert.Equal(1 + 20 + 20, events.Count);
        var work = await db.Set<WorkItemRow>().Select(w => w.Id).ToListAsync();
        Assert.Equal(21, work.Count);
        // Every recorded start points at its own queued work item; no work item without its event.
        Assert.Equal(work.Order(), events.Where(e => e.WorkItemId is not null).Select(e => e.WorkItemId!).Order());
        // Each order once in the customer history, however many of its deliveries met in one batch.
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"cs_{i}").Order(), (await db.Set<Commerce.CustomerOrderRow>().Select(o => o.OrderId).ToListAsync()).Order());
    }
}
