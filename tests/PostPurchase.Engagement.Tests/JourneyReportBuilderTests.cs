using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Engagement.Reports;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Engagement.Tests;

/// <summary>The report of a scripted set of journeys equals the figures worked out by hand (in the comments).</summary>
public sealed class JourneyReportBuilderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly EngineHost _host = new(configure: services => services.AddSingleton<ICustomerHistory, InMemoryCustomerHistory>().AddEngagementCore());
    private IJourneyEventStore Facts => _host.Services.GetRequiredService<IJourneyEventStore>();
    private ICustomerHistory Orders => _host.Services.GetRequiredService<ICustomerHistory>();
    private JourneyReportBuilder Builder => _host.Services.GetRequiredService<JourneyReportBuilder>();

    public async Task InitializeAsync() => await _host.ImportAsync(new Flow("journey")
        .Add("split", "PostPurchase.Split")
        .Add("offer", "Test.Record", ("label", Literal("offer")))
        .Add("reminder", "Test.Record", ("label", Literal("reminder")))
        .Connect("split", "offer", "A").Connect("split", "offer", "B").Connect("offer", "reminder")
        .Build());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task FactAsync(string instance, string activity, string kind, double day, string? detail = null, double? value = null, string? agent = null, string? messageKey = null) =>
        Facts.AppendAsync([new JourneyEvent
        {
            DefinitionId = "journey", InstanceId = instance, ActivityId = activity, Kind = kind, At = Day0.AddDays(day),
            Detail = detail, Value = value, AgentClass = agent, MessageKey = messageKey ?? $"{instance}:{activity}:1",
        }]);

    private async Task JourneyAsync(string instance, string email, string orderId, string branch)
    {
        await Facts.AppendAsync([
            new JourneyEvent { DefinitionId = "journey", InstanceId = instance, ActivityId = "Flowchart1", Kind = JourneyEventKinds.Started, At = Day0 },
            new JourneyEvent { DefinitionId = "journey", InstanceId = instance, ActivityId = "purchase", Kind = JourneyEventKinds.Customer, At = Day0, CustomerEmail = email, MessageKey = orderId },
        ]);
        await OrderAsync(orderId, email, 0, 9900);
        await FactAsync(instance, "split", JourneyEventKinds.SplitAssigned, 20, branch);
        await FactAsync(instance, "offer", JourneyEventKinds.Entered, 21);
    }

    private Task OrderAsync(string orderId, string email, double day, long minor) => Orders.RecordAsync(new Purchase
    {
        Provider = "generic", OrderId = orderId, Customer = new Customer { Email = email }, TotalMinor = minor, Currency = "EUR", PurchasedAt = Day0.AddDays(day),
    });

    [Fact]
    public async Task Step_split_and_daily_figures_equal_the_hand_computed_numbers()
    {
        await JourneyAsync("i-alice", "alice@example.com", "A1", "ai");
        await JourneyAsync("i-bob", "bob@example.com", "B1", "ai");
        await JourneyAsync("i-carol", "carol@example.com", "C1", "static");
        await JourneyAsync("i-dan", "dan@example.com", "D1", "holdout");

        foreach (var who in new[] { "i-alice", "i-bob", "i-carol" })
        {
            await FactAsync(who, "offer", JourneyEventKinds.Sent, 21, "email");
            await FactAsync(who, "offer", JourneyEventKinds.Delivered, 21);
        }

        await FactAsync("i-dan", "offer", JourneyEventKinds.Suppressed, 21, "unsubscribed");
        await FactAsync("i-alice", "offer", JourneyEventKinds.Clicked, 21.05, "https://shop.example.com/x", agent: "bot");
        await FactAsync("i-alice", "offer", JourneyEventKinds.Clicked, 21.1, "https://shop.example.com/x", agent: "desktop");
        await FactAsync("i-alice", "offer", JourneyEventKinds.Clicked, 21.2, "https://shop.example.com/x", agent: "mobile"); // same message again
        await FactAsync("i-bob", "offer", JourneyEventKinds.Opened, 21.2, agent: "email-client");
        await FactAsync("i-carol", "offer", JourneyEventKinds.Clicked, 21.3, "https://shop.example.com/x", agent: "desktop");
        await FactAsync("i-bob", "reminder", JourneyEventKinds.Entered, 22);
        await FactAsync("i-bob", "reminder", JourneyEventKinds.Deferred, 22, "quiet hours");
        await FactAsync("i-bob", "reminder", JourneyEventKinds.Sent, 22.3, "sms");
        await FactAsync("i-bob", "reminder", JourneyEventKinds.SmsSegments, 22.3, value: 2);
        await FactAsync("i-bob", "reminder", JourneyEventKinds.Undelivered, 22.31, "30003");
        await FactAsync("i-bob", "reminder", JourneyEventKinds.Undelivered, 22.32, "30003"); // Twilio repeats itself: one message

        await OrderAsync("A2", "alice@example.com", 23, 5000);   // 1.9 days after alice's click: the offer's
        await OrderAsync("A3", "alice@example.com", 22, 7000);   // also within the window, but refunded below
        await OrderAsync("B2", "bob@example.com", 21.9, 3000);   // 0.7 days after bob's open: the offer's
        await OrderAsync("B3", "bob@example.com", 23, 3000);     // 1.8 days after the open: outside the open window
        await OrderAsync("C2", "carol@example.com", 29, 2000);   // 7.7 days after carol's click: outside the click window
        await Orders.MarkRefundedAsync("generic", "A3");

        var report = (await Builder.BuildAsync("journey", Day0, Day0.AddDays(30)))!;

        Assert.Equal(4, report.JourneysStarted);
        Assert.Equal(30, report.StartsPerDay.Count);
        Assert.Equal((new DateOnly(2026, 4, 1), 4), (report.StartsPerDay[0].Date, report.StartsPerDay[0].Count));
        Assert.All(report.StartsPerDay.Skip(1), d => Assert.Equal(0, d.Count));
        Assert.Equal(["split", "offer", "reminder"], report.Steps.Select(s => s.ActivityId));

        var offer = report.Steps.Single(s => s.ActivityId == "offer");
        Assert.Equal((4, 3, 3, 1, 2, 1), (offer.Entered, offer.Sent, offer.Delivered, offer.Opened, offer.Clicked, offer.BotClicks));
        Assert.Equal(new Dictionary<string, int> { ["unsubscribed"] = 1 }, offer.Suppressed);
        Assert.Equal(2, offer.Conversions);                                              // A2 (click) and B2 (open)
        Assert.Equal(new Dictionary<string, long> { ["EUR"] = 8000 }, offer.Revenue);     // 50.00 + 30.00

        var reminder = report.Steps.Single(s => s.ActivityId == "reminder");
        Assert.Equal((1, 1, 0, 1, 2), (reminder.Entered, reminder.Sent, reminder.Delivered, reminder.Failed, reminder.SmsSegments));
        Assert.Equal(new Dictionary<string, int> { ["quiet hours"] = 1 }, reminder.Deferred);

        // Branches: purchases within 30 days of the split (refunded A3 excluded), clicks by people after the split.
        var split = Assert.Single(report.Splits);
        Assert.Equal(["ai", "static", "holdout"], split.Branches.Select(b => b.Branch));
        var ai = split.Branches[0];
        Assert.Equal((2, 1, 2, 11000L), (ai.Journeys, ai.Clicked, ai.Converted, ai.Revenue["EUR"])); // A2 + B2 + B3
        var @static = split.Branches[1];
        Assert.Equal((1, 1, 1, 2000L), (@static.Journeys, @static.Clicked, @static.Converted, @static.Revenue["EUR"]));
        Assert.Equal((1, 0, 0), (split.Branches[2].Journeys, split.Branches[2].Clicked, split.Branches[2].Converted));
        Assert.Equal(4, split.Comparisons.Count);
        Assert.All(split.Comparisons, c => Assert.False(c.Significant)); // four journeys prove nothing
        Assert.Contains("no significant difference between static and ai yet", split.Comparisons[1].Verdict);
    }

    [Fact]
    public async Task A_clear_difference_between_branches_is_called_significant()
    {
        // 1,000 journeys per branch; 100 of "static" and 150 of "ai" buy again within the experiment window.
        for (var i = 0; i < 2_000; i++)
        {
            var branch = i % 2 == 0 ? "ai" : "static";
            var email = $"c{i}@example.com";
            await JourneyAsync($"i{i}", email, $"first-{i}", branch);
            var buys = branch == "ai" ? i / 2 < 150 : i / 2 < 100;
            if (buys) await OrderAsync($"again-{i}", email, 25, 1000);
        }

        var split = Assert.Single((await Builder.BuildAsync("journey", Day0, Day0.AddDays(30)))!.Splits);
        var conversion = Assert.Single(split.Comparisons, c => c.Metric == "conversion rate");
        Assert.Equal(("ai", "static", 0.15, 0.10), (conversion.BranchA, conversion.BranchB, conversion.RateA, conversion.RateB));
        Assert.True(conversion.Significant);
        Assert.StartsWith("conversion rate: static converts worse than ai (10.0 % vs 15.0 %", conversion.Verdict);
    }

    [Fact]
    public async Task A_later_order_without_an_email_is_matched_by_the_provider_customer_id()
    {
        await Facts.AppendAsync([
            new JourneyEvent { DefinitionId = "journey", InstanceId = "i-erin", ActivityId = "Flowchart1", Kind = JourneyEventKinds.Started, At = Day0 },
            new JourneyEvent
            {
                DefinitionId = "journey", InstanceId = "i-erin", ActivityId = "purchase", Kind = JourneyEventKinds.Customer, At = Day0,
                CustomerEmail = "erin@example.com", CustomerId = "stripe:cus_9", MessageKey = "E1",
            },
        ]);
        await Orders.RecordAsync(new Purchase { Provider = "stripe", OrderId = "E1", ProviderCustomerId = "cus_9", Customer = new Customer { Email = "erin@example.com" }, TotalMinor = 9900, Currency = "EUR", PurchasedAt = Day0 });
        await FactAsync("i-erin", "offer", JourneyEventKinds.Clicked, 21, "https://shop.example.com/x", agent: "mobile");
        await Orders.RecordAsync(new Purchase { Provider = "stripe", OrderId = "E2", ProviderCustomerId = "cus_9", Customer = new Customer(), TotalMinor = 4500, Currency = "EUR", PurchasedAt = Day0.AddDays(22) });
        await OrderAsync("X1", "someone-else@example.com", 22, 7000); // another customer's order in the window: not erin's

        var offer = (await Builder.BuildAsync("journey", Day0, Day0.AddDays(30)))!.Steps.Single(s => s.ActivityId == "offer");

        Assert.Equal(1, offer.Conversions);
        Assert.Equal(new Dictionary<string, long> { ["EUR"] = 4500 }, offer.Revenue);
    }

    [Fact]
    public async Task An_unknown_definition_has_no_report()
    {
        Assert.Null(await Builder.BuildAsync("nope", Day0, Day0.AddDays(1)));
    }
}
