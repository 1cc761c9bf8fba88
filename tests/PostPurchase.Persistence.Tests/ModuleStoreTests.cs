using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Reviews;
using PostPurchase.Messaging.Storage;
using PostPurchase.Persistence;
using PostPurchase.Persistence.Workflows;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Tests;

/// <summary>The inbox and messaging stores on SQLite and PostgreSQL: the contracts the in-memory stores also keep.</summary>
public sealed class ModuleStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static InboxEvent Event(string id, string? workItemId = null) => new()
    {
        Provider = "stripe", EventId = id, EventType = "checkout.session.completed", Outcome = "purchase",
        OrderId = "cs_1", WorkItemId = workItemId, ReceivedAt = T0,
    };

    private static WorkItem Start(string id) => new() { Id = id, Kind = WorkItemKind.Trigger, ActivityType = "PostPurchase.PurchaseTrigger", CreatedAt = T0 };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_inbox_records_an_event_once_with_its_work_item_in_the_same_transaction(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var inbox = services.GetRequiredService<IInboxStore>();

        Assert.True(await inbox.TryRecordAsync(Event("evt_1", "start-a"), Start("start-a")));
        Assert.False(await inbox.TryRecordAsync(Event("evt_1", "start-a"), Start("start-a")));
        // A second event for the same order carries the same start work item: recorded as a duplicate, nothing inserted.
        Assert.False(await inbox.TryRecordAsync(Event("evt_2", "start-a"), Start("start-a")));
        Assert.True(await inbox.TryRecordAsync(Event("evt_3"), null));

        await using var db = await services.GetRequiredService<IDbContextFactory<PostPurchaseDbContext>>().CreateDbContextAsync();
        Assert.Equal(["evt_1", "evt_3"], await db.Set<Commerce.InboxEventRow>().OrderBy(e => e.EventId).Select(e => e.EventId).ToListAsync());
        Assert.Equal(["start-a"], await db.Set<WorkItemRow>().Select(w => w.Id).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Concurrent_deliveries_of_one_event_record_it_exactly_once(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var inbox = services.GetRequiredService<IInboxStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => inbox.TryRecordAsync(Event("evt_race", "start-r"), Start("start-r")))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_inbox_records_the_order_in_the_customer_history_once(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var inbox = services.GetRequiredService<IInboxStore>();
        var order = new Purchase { Provider = "stripe", OrderId = "cs_1", Customer = new Customer { Email = "ann@example.com" }, TotalMinor = 1500, Currency = "eur", PurchasedAt = T0 };

        Assert.True(await inbox.TryRecordAsync(Event("evt_1", "start-a") with { Order = order }, Start("start-a")));
        // Another event of the same order (its history row is there already) is still recorded.
        Assert.True(await inbox.TryRecordAsync(Event("evt_2", "start-b") with { Order = order }, Start("start-b")));

        await using var db = await services.GetRequiredService<IDbContextFactory<PostPurchaseDbContext>>().CreateDbContextAsync();
        var rows = await db.Set<Commerce.CustomerOrderRow>().ToListAsync();
        Assert.Equal(("cs_1", "ann@example.com", 1500L, "EUR"), (rows.Single().OrderId, rows.Single().Email, rows.Single().TotalMinor, rows.Single().Currency));
        Assert.Equal(["start-a", "start-b"], await db.Set<WorkItemRow>().OrderBy(w => w.Id).Select(w => w.Id).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Processed_work_items_are_completed_together_and_only_those(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var queue = services.GetRequiredService<IWorkQueue>();
        foreach (var id in new[] { "w1", "w2", "w3", "w4" }) await queue.EnqueueAsync(Start(id));
        var claimed = await queue.ClaimAsync("worker-a", DateTimeOffset.UtcNow.AddMinutes(1), 10);
        Assert.Equal(4, claimed.Count);

        await queue.CompleteAsync(["w1", "w3", "missing"]);

        await using var db = await services.GetRequiredService<IDbContextFactory<PostPurchaseDbContext>>().CreateDbContextAsync();
        Assert.Equal(["w2", "w4"], await db.Set<WorkItemRow>().OrderBy(w => w.Id).Select(w => w.Id).ToListAsync());
        // Still leased by the worker that claimed them: nobody else takes them meanwhile.
        Assert.Empty(await queue.ClaimAsync("worker-b", DateTimeOffset.UtcNow.AddMinutes(1), 10));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Send_records_are_replaced_by_key_listed_by_recipient_and_updated_by_provider_id(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var records = services.GetRequiredService<ISendRecordStore>();
        var pending = new SendRecord
        {
            IdempotencyKey = "i1:send:1", Channel = Channel.Sms, Category = MessageCategory.Marketing, Recipient = "+15551230000",
            Status = SendStatus.Pending, CreatedAt = T0, WorkflowInstanceId = "i1",
        };
        await records.SaveAsync(pending);
        await records.SaveAsync(pending with { Status = SendStatus.Sent, CompletedAt = T0.AddSeconds(1), ProviderMessageId = "SM1" });
        await records.SaveAsync(pending with { IdempotencyKey = "i0:send:1", CreatedAt = T0.AddDays(-3) });

        var found = await records.FindAsync("i1:send:1");
        Assert.Equal(SendStatus.Sent, found?.Status);
        Assert.Equal(T0.AddSeconds(1), found?.CompletedAt);
        Assert.Equal(["i1:send:1"], (await records.ListRecentAsync(Channel.Sms, "+15551230000", T0.AddDays(-1))).Select(r => r.IdempotencyKey));
        Assert.Equal(2, (await records.ListRecentAsync(Channel.Sms, "+15551230000", T0.AddDays(-7))).Count);
        Assert.Empty(await records.ListRecentAsync(Channel.Email, "+15551230000", T0.AddDays(-7)));

        Assert.Equal("delivered", (await records.UpdateDeliveryAsync("SM1", "delivered", null, T0.AddMinutes(1)))?.DeliveryStatus);
        Assert.Null(await records.UpdateDeliveryAsync("SM-unknown", "delivered", null, T0));
        var delivered = await records.FindAsync("i1:send:1");
        Assert.Equal("delivered", delivered?.DeliveryStatus);
        Assert.Equal(T0.AddMinutes(1), delivered?.DeliveryUpdatedAt);
        Assert.Null(await records.FindAsync("missing"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_latest_consent_change_wins_and_ties_keep_insertion_order(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var consent = services.GetRequiredService<IConsentStore>();
        const string address = "ann@example.com";

        Assert.Null(await consent.GetCurrentAsync(Channel.Email, address));
        await consent.RecordAsync(new ConsentChange(Channel.Email, address, ConsentStatus.OptedIn, "checkout", T0));
        await consent.RecordAsync(new ConsentChange(Channel.Email, address, ConsentStatus.OptedOut, "unsubscribe-link", T0.AddDays(1)));
        await consent.RecordAsync(new ConsentChange(Channel.Email, address, ConsentStatus.OptedIn, "re-subscribe", T0.AddDays(1)));
        await consent.RecordAsync(new ConsentChange(Channel.Sms, address, ConsentStatus.OptedOut, "sms:STOP", T0.AddDays(2)));

        var current = await consent.GetCurrentAsync(Channel.Email, address);
        Assert.Equal((ConsentStatus.OptedIn, "re-subscribe"), (current?.Status, current?.Source));
        Assert.Equal(["checkout", "unsubscribe-link", "re-subscribe"], (await consent.HistoryAsync(Channel.Email, address)).Select(c => c.Source));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_review_request_takes_one_review(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var reviews = services.GetRequiredService<IReviewStore>();
        var request = new ReviewRequestRecord
        {
            Id = "rr1", WorkflowInstanceId = "i1", Scale = ReviewScale.Stars, Threshold = 4, OrderId = "o1",
            CustomerName = "Ann", CreatedAt = T0, ExpiresAt = T0.AddDays(14),
        };
        await reviews.SaveRequestAsync(request);
        await reviews.SaveRequestAsync(request with { Threshold = 5 });
        Assert.Equal(5, (await reviews.FindRequestAsync("rr1"))?.Threshold);

        var review = new Review
        {
            RequestId = "rr1", WorkflowInstanceId = "i1", Scale = ReviewScale.Stars, Rating = 5, Comment = "Lovely",
            IsPositive = true, OrderId = "o1", SubmittedAt = T0.AddDays(1),
        };
        Assert.True(await reviews.TryAddReviewAsync(review));
        Assert.False(await reviews.TryAddReviewAsync(review with { Rating = 1, IsPositive = false }));
        Assert.Equal(5, (await reviews.FindReviewAsync("rr1"))?.Rating);
        Assert.Equal(["rr1"], (await reviews.ListReviewsAsync(0, 10)).Select(r => r.RequestId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Customer_history_counts_earlier_unrefunded_orders_by_email_or_customer_id(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var history = services.GetRequiredService<ICustomerHistory>();
        Purchase Order(string id, string? email, string? customer, long total, string currency = "EUR") => new()
        {
            Provider = "stripe", OrderId = id, ProviderCustomerId = customer, Customer = new Customer { Email = email },
            TotalMinor = total, Currency = currency, PurchasedAt = T0,
        };

        await history.RecordAsync(Order("o1", "ann@example.com", null, 1000));
        await history.RecordAsync(Order("o1", "ann@example.com", null, 1000)); // a replay changes nothing
        await history.RecordAsync(Order("o2", null, "cus_9", 2000));
        await history.RecordAsync(Order("o3", "ann@example.com", null, 500, "USD"));
        await history.RecordAsync(Order("o4", "ann@example.com", null, 7000));
        await history.MarkRefundedAsync("stripe", "o4");

        var next = Order("o5", "Ann@Example.com", "cus_9", 100);
        Assert.Equal(new CustomerHistory(3, 3000), await history.BeforeAsync(next));
        Assert.Equal(CustomerHistory.None, await history.BeforeAsync(Order("o6", "new@example.com", null, 100)));
        // The order itself never counts as its own history.
        Assert.Equal(new CustomerHistory(0, 0), await history.BeforeAsync(Order("o2", null, "cus_9", 2000)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_send_is_claimed_by_one_executor_until_it_completes_or_its_claim_goes_stale(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var records = services.GetRequiredService<ISendRecordStore>();
        SendRecord Pending(DateTimeOffset claimedAt) => new()
        {
            IdempotencyKey = "i1:mail:1", Channel = Channel.Email, Category = MessageCategory.Transactional, Recipient = "a@example.com",
            Status = SendStatus.Pending, CreatedAt = T0, ClaimedAt = claimedAt,
        };

        Assert.True((await records.TryClaimAsync(Pending(T0), T0.AddSeconds(-15))).Claimed);
        var busy = await records.TryClaimAsync(Pending(T0.AddSeconds(5)), T0.AddSeconds(-10));
        Assert.False(busy.Claimed);
        Assert.Equal(SendStatus.Pending, busy.Existing?.Status);

        // The first executor died: after the claim timeout the next one takes over, and only one of two racing does.
        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => records.TryClaimAsync(Pending(T0.AddSeconds(30)), T0.AddSeconds(15))));
        Assert.Equal(1, racing.Count(r => r.Claimed));

        await records.SaveAsync(Pending(T0.AddSeconds(30)) with { Status = SendStatus.Sent, CompletedAt = T0.AddSeconds(31) });
        var done = await records.TryClaimAsync(Pending(T0.AddMinutes(10)), T0.AddMinutes(9));
        Assert.Equal((false, SendStatus.Sent), (done.Claimed, done.Existing?.Status));
    }
}
