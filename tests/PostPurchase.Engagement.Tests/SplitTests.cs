using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Engagement;
using PostPurchase.Engagement.Experiments;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Engagement.Tests;

/// <summary>The Split activity in the real engine: proportions, stickiness per customer, what it records, bad settings.</summary>
public sealed class SplitTests
{
    private static EngineHost Host() => new(configure: services => services.AddEngagementCore());

    private static JsonObject SplitFlow(int a, int b, int holdout) => new Flow("experiment")
        .Add("split", "PostPurchase.Split", ("percentA", Literal(a)), ("percentB", Literal(b)), ("percentHoldout", Literal(holdout)),
            ("nameA", Literal("ai")), ("nameB", Literal("static")))
        .Build();

    private static JsonObject PurchaseBy(string email, string orderId) => new()
    {
        ["purchase"] = new JsonObject { ["provider"] = "generic", ["orderId"] = orderId, ["customer"] = new JsonObject { ["email"] = email } },
    };

    private static string Branch(WorkflowInstance instance) => (string)instance.State.Properties["split:split"]!;

    [Fact]
    public async Task Ten_thousand_customers_split_45_45_10_within_tolerance_and_every_customer_keeps_their_branch()
    {
        await using var host = Host();
        await host.ImportAsync(SplitFlow(45, 45, 10));
        const int customers = 10_000;
        var branchOf = new Dictionary<string, string>();
        for (var i = 0; i < customers; i++)
        {
            var email = $"customer{i}@example.com";
            branchOf[email] = Branch(await host.StartAsync("experiment", PurchaseBy(email, $"o-{i}"), $"o-{i}"));
        }

        // 3 standard deviations of a binomial share over 10,000: ±1.5 points for 45 %, ±0.9 points for 10 %.
        var shares = branchOf.Values.GroupBy(b => b).ToDictionary(g => g.Key, g => g.Count() / (double)customers);
        Assert.InRange(shares["ai"], 0.435, 0.465);
        Assert.InRange(shares["static"], 0.435, 0.465);
        Assert.InRange(shares["holdout"], 0.091, 0.109);

        // A second order by the same customer (other letter case) lands in the same branch.
        for (var i = 0; i < 500; i++)
        {
            var email = $"customer{i}@example.com";
            Assert.Equal(branchOf[email], Branch(await host.StartAsync("experiment", PurchaseBy(email.ToUpperInvariant(), $"o2-{i}"), $"o2-{i}")));
        }

        var facts = await host.Services.GetRequiredService<IJourneyEventStore>().ListAsync("experiment", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var recorded = facts.Where(e => e.Kind == JourneyEventKinds.SplitAssigned).ToList();
        Assert.Equal(customers + 500, recorded.Count);
        Assert.Equal(branchOf.Values.Count(b => b == "ai") + branchOf.Keys.Take(500).Count(k => branchOf[k] == "ai"), recorded.Count(e => e.Detail == "ai"));
    }

    [Fact]
    public void Different_experiments_split_the_same_customers_independently()
    {
        var branches = new[] { new SplitBranch("A", "A", 50), new SplitBranch("B", "B", 50) };
        var same = Enumerable.Range(0, 2_000).Count(i =>
            SplitBuckets.Assign("subject-line", $"c{i}", branches).Outcome == SplitBuckets.Assign("offer-copy", $"c{i}", branches).Outcome);
        Assert.InRange(same / 2_000.0, 0.45, 0.55); // independent: agree about half the time, not always
    }

    [Fact]
    public async Task Percentages_that_do_not_add_up_to_100_fault_the_journey_with_a_clear_incident()
    {
        await using var host = Host();
        await host.ImportAsync(SplitFlow(50, 40, 0));
        var instance = await host.StartAsync("experiment", PurchaseBy("x@example.com", "o-x"), "o-x");

        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        Assert.Contains("add up to 100, not 90", Assert.Single(instance.State.Incidents).Message);
        Assert.False(instance.State.Properties.ContainsKey("split:split"));
    }
}
