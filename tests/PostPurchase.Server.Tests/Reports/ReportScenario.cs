using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Server.Tests.Reports;

/// <summary>
/// A small journey (split → offer email → reminder SMS) with three customers' facts and orders recorded in the
/// server's own stores. The figures the report must show, worked out by hand:
/// <list type="bullet">
/// <item>journeys started 3 (2 on 2026-03-02, 1 on 2026-03-03);</item>
/// <item>offer: entered 3, sent 2, suppressed 1 (unsubscribed), delivered 2, opened 1, clicked 1 (+1 bot click),
/// 1 AI text (120 tokens) and 1 fallback, 1 conversion (Alice's EUR 1,234.50 two days after her click);</item>
/// <item>reminder: entered 1, deferred 1 (quiet hours), sent 1, 2 SMS segments;</item>
/// <item>split: ai 2 journeys, 1 clicked, 1 converted; static 1 journey, 0 clicked, 0 converted — not significant.</item>
/// </list>
/// </summary>
public static class ReportScenario
{
    public const string DefinitionId = "thank-you";
    public const string From = "2026-03-01";
    public const string To = "2026-03-07";
    private static readonly DateTimeOffset Day0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static async Task RecordAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().ImportAsync(Definition(), "test");
        var facts = scope.ServiceProvider.GetRequiredService<IJourneyEventStore>();
        var orders = scope.ServiceProvider.GetRequiredService<ICustomerHistory>();

        await JourneyAsync(facts, orders, "i-alice", "alice@example.com", "A1", day: 0, branch: "ai");
        await JourneyAsync(facts, orders, "i-bob", "bob@example.com", "B1", day: 0, branch: "static");
        await JourneyAsync(facts, orders, "i-carol", "carol@example.com", "C1", day: 1, branch: "ai");

        await facts.AppendAsync([
            Fact("i-alice", "offer", JourneyEventKinds.AiGenerated, 1.0, value: 120),
            Fact("i-alice", "offer", JourneyEventKinds.Sent, 1.0, "email"),
            Fact("i-alice", "offer", JourneyEventKinds.Delivered, 1.0),
            Fact("i-bob", "offer", JourneyEventKinds.AiFallback, 1.0, "timeout"),
            Fact("i-bob", "offer", JourneyEventKinds.Sent, 1.0, "email"),
            Fact("i-bob", "offer", JourneyEventKinds.Delivered, 1.0),
            Fact("i-carol", "offer", JourneyEventKinds.Suppressed, 2.0, "unsubscribed"),
            Fact("i-alice", "offer", JourneyEventKinds.Clicked, 1.1, "https://shop.example.com/offer", agent: "bot"),
            Fact("i-alice", "offer", JourneyEventKinds.Clicked, 1.2, "https://shop.example.com/offer", agent: "desktop"),
            Fact("i-bob", "offer", JourneyEventKinds.Opened, 1.3, agent: "email-client"),
            Fact("i-bob", "reminder", JourneyEventKinds.Entered, 2.0),
            Fact("i-bob", "reminder", JourneyEventKinds.Deferred, 2.0, "quiet hours"),
            Fact("i-bob", "reminder", JourneyEventKinds.Sent, 2.3, "sms"),
            Fact("i-bob", "reminder", JourneyEventKinds.SmsSegments, 2.3, value: 2),
        ]);
        await OrderAsync(orders, "A2", "alice@example.com", Day0.AddDays(3.2), 123450);
    }

    private static async Task JourneyAsync(IJourneyEventStore facts, ICustomerHistory orders, string instance, string email, string orderId, double day, string branch)
    {
        await OrderAsync(orders, orderId, email, Day0.AddDays(day), 4900);
        await facts.AppendAsync([
            Fact(instance, "Flowchart1", JourneyEventKinds.Started, day),
            Fact(instance, "purchase", JourneyEventKinds.Customer, day) with { CustomerEmail = email, MessageKey = orderId },
            Fact(instance, "split", JourneyEventKinds.Entered, day),
            Fact(instance, "split", JourneyEventKinds.SplitAssigned, day, branch),
            Fact(instance, "offer", JourneyEventKinds.Entered, day + 1),
        ]);
    }

    private static JourneyEvent Fact(string instance, string activity, string kind, double day, string? detail = null, double? value = null, string? agent = null) => new()
    {
        DefinitionId = DefinitionId, InstanceId = instance, ActivityId = activity, Kind = kind, At = Day0.AddDays(day),
        Detail = detail, Value = value, AgentClass = agent, MessageKey = $"{instance}:{activity}:1",
    };

    private static Task OrderAsync(ICustomerHistory orders, string orderId, string email, DateTimeOffset at, long minor) => orders.RecordAsync(new Purchase
    {
        Provider = "generic", OrderId = orderId, Customer = new Customer { Email = email }, TotalMinor = minor, Currency = "EUR", PurchasedAt = at,
    });

    private static JsonObject Definition() => JsonNode.Parse($$"""
        {
          "definitionId": "{{DefinitionId}}", "version": 1, "name": "Thank-you journey",
          "root": { "type": "Elsa.Flowchart", "id": "Flowchart1", "version": 1,
            "activities": [
              { "id": "split", "type": "PostPurchase.Split", "version": 1, "metadata": { "displayText": "Copy test" } },
              { "id": "offer", "type": "PostPurchase.SendEmail", "version": 1, "metadata": { "displayText": "Offer email" } },
              { "id": "reminder", "type": "PostPurchase.SendSms", "version": 1, "metadata": { "displayText": "Reminder SMS" } }
            ],
            "connections": [
              { "source": { "activity": "split", "port": "A" }, "target": { "activity": "offer", "port": "In" } },
              { "source": { "activity": "split", "port": "B" }, "target": { "activity": "offer", "port": "In" } },
              { "source": { "activity": "offer", "port": "Sent" }, "target": { "activity": "reminder", "port": "In" } }
            ] }
        }
        """)!.AsObject();
}
