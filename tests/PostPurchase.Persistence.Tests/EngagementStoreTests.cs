using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Messaging.Tracking;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Tests;

/// <summary>Journey facts, tracked links and order look-ups for attribution on SQLite and PostgreSQL.</summary>
public sealed class EngagementStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static JourneyEvent Fact(string instance, string kind, DateTimeOffset at, string definition = "journey") => new()
    {
        DefinitionId = definition, InstanceId = instance, ActivityId = "offer", Kind = kind, At = at, Detail = "d", Value = 2.5,
        MessageKey = instance + ":offer:1", AgentClass = "desktop",
    };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Facts_are_saved_with_the_instance_change_and_listed_by_journey_and_period(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var facts = services.GetRequiredService<IJourneyEventStore>();
        var instance = new WorkflowInstance
        {
            Id = "i1", DefinitionId = "journey", DefinitionVersionId = "journey-v1", DefinitionVersion = 1, CreatedAt = T0, UpdatedAt = T0,
            State = new WorkflowState(),
        };
        var customer = Fact("i1", JourneyEventKinds.Customer, T0) with { CustomerEmail = "ada@example.com", CustomerId = "stripe:cus_1" };
        Assert.True((await services.GetRequiredService<IWorkflowInstanceStore>().TryCreateAsync(instance, new InstanceChanges([], [], [], [customer]))).Created);
        await facts.AppendAsync([Fact("i1", JourneyEventKinds.Clicked, T0.AddDays(1)), Fact("i2", JourneyEventKinds.Sent, T0.AddDays(3)), Fact("x", JourneyEventKinds.Sent, T0, "other")]);

        var listed = await facts.ListAsync("journey", T0, T0.AddDays(3));
        Assert.Equal([JourneyEventKinds.Customer, JourneyEventKinds.Clicked], listed.Select(e => e.Kind)); // [from, to)
        Assert.Equal(Fact("i1", JourneyEventKinds.Clicked, T0.AddDays(1)), listed[1]);
        Assert.Equal(customer, Assert.Single(await facts.ListForInstancesAsync(["i1", "i2"], JourneyEventKinds.Customer)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_replayed_send_stores_its_tracked_links_once(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var links = services.GetRequiredService<ITrackedLinkStore>();
        var link = new TrackedLink { Id = "abcdefghijklmnop", Url = "https://shop.example.com/x", MessageKey = "i1:offer:1", DefinitionId = "journey", InstanceId = "i1", ActivityId = "offer", CreatedAt = T0 };

        await links.SaveAsync([link]);
        await links.SaveAsync([link, link with { Id = "qrstuvwxyz012345" }]);

        Assert.Equal(link, await links.FindAsync("abcdefghijklmnop"));
        Assert.NotNull(await links.FindAsync("qrstuvwxyz012345"));
        Assert.Null(await links.FindAsync("abcdefghijklmnoq"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Orders_for_attribution_match_by_email_or_customer_id_and_skip_refunds(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var orders = services.GetRequiredService<ICustomerHistory>();
        Purchase Order(string id, string? email, string? customer, double day) => new()
        {
            Provider = "stripe", OrderId = id, ProviderCustomerId = customer, Customer = new Customer { Email = email }, TotalMinor = 1000, Currency = "eur", PurchasedAt = T0.AddDays(day),
        };
        await orders.RecordAsync(Order("o1", "ada@example.com", null, 1));
        await orders.RecordAsync(Order("o2", null, "cus_1", 2));
        await orders.RecordAsync(Order("o3", "ada@example.com", null, 3));
        await orders.RecordAsync(Order("o4", "bob@example.com", null, 2));
        await orders.RecordAsync(Order("o5", "ada@example.com", null, 9));
        await orders.RecordAsync(Order("o6", "carol@example.com", null, 4));
        await orders.MarkRefundedAsync("stripe", "o3");

        var found = await orders.ListOrdersAsync(["ada@example.com", "carol@example.com"], ["stripe:cus_1"], T0, T0.AddDays(5));
        Assert.Equal(["o1", "o2", "o6"], found.Select(o => o.OrderId));
        Assert.Equal(new CustomerOrder("stripe", "o2", 1000, "EUR", T0.AddDays(2), null, "stripe:cus_1"), found[1]);
        Assert.Equal("carol@example.com", found[2].Email);
        Assert.Empty(await orders.ListOrdersAsync([], [], T0, T0.AddDays(5)));
    }
}
