using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Commerce.Activities;
using PostPurchase.Commerce.Configuration;
using PostPurchase.Commerce.Discounts;
using PostPurchase.TestSupport.Commerce;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Commerce.Tests.Discounts;

/// <summary>CreateDiscountCode in the real engine against a loopback Stripe stand-in.</summary>
public sealed class CreateDiscountCodeTests : IAsyncLifetime
{
    private const string ApiKey = "sk_test_discounts";
    private readonly StripeApiStandIn _stripe = new(ApiKey);

    public Task InitializeAsync() => _stripe.StartAsync();

    public async Task DisposeAsync() => await _stripe.DisposeAsync();

    private ServiceProvider Engine(string? apiKey, string? couponId)
    {
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(new ManualClock());
        services.AddWorkflowEngine();
        services.AddActivitiesFrom(typeof(CreateDiscountCode).Assembly);
        services.Configure<WorkflowWorkerOptions>(o => o.Enabled = false);
        services.AddSingleton<IDiscountCodes>(new StripePromotionCodes(new HttpClient(), new StripeOptions { ApiKey = apiKey, CouponId = couponId, BaseUrl = _stripe.BaseUrl }));
        return services.BuildServiceProvider();
    }

    private static async Task<WorkflowInstance> RunAsync(ServiceProvider engine)
    {
        await engine.GetRequiredService<WorkflowDefinitionService>().ImportAsync(JsonNode.Parse("""
            {"definitionId":"code","version":1,"name":"Code","root":{"type":"Elsa.Flowchart","id":"Flowchart1","activities":[
              {"id":"discount","type":"PostPurchase.CreateDiscountCode","version":1,
               "fallbackCode":{"typeName":"String","expression":{"type":"Literal","value":"WELCOME10"}},
               "prefix":{"typeName":"String","expression":{"type":"Literal","value":"loyal"}}}],"connections":[]}}
            """)!.AsObject(), "test");
        return await engine.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest { DefinitionId = "code", InstanceId = "journey-1" });
    }

    [Fact]
    public async Task With_stripe_a_single_use_promotion_code_is_created_once_per_step()
    {
        await using var engine = Engine(ApiKey, "coupon_10off");

        var instance = await RunAsync(engine);

        var journal = (await engine.GetRequiredService<IWorkflowInstanceStore>().GetJournalAsync(instance.Id, 0, 50)).Items;
        Assert.True(instance.State.Outputs.ContainsKey("discount"), string.Join(" | ", journal.Select(j => j.EventName + " " + j.Message)));
        var code = (string?)instance.State.Outputs["discount"]!["Code"];
        Assert.Matches("^LOYAL-[0-9A-F]{8}$", code);
        var created = Assert.Single(_stripe.PromotionCodes);
        Assert.Equal("journey-1:discount:1", created.Key);
        Assert.Equal((code, "coupon_10off", 1), ((string?)created.Value["code"], (string?)created.Value["promotion"]!["coupon"], (int?)created.Value["max_redemptions"]));
        Assert.Equal(new ManualClock().GetUtcNow().AddDays(14).ToUnixTimeSeconds(), (long?)created.Value["expires_at"]);

        // What Stripe.net put on the wire: the 2025-09-30 shape, pinned to the library's API version, with the step's key.
        var request = Assert.Single(_stripe.Received);
        Assert.Equal(("POST", "/v1/promotion_codes"), (request.Method, request.Path));
        Assert.Equal(Stripe.StripeConfiguration.ApiVersion, request.StripeVersion);
        Assert.Equal("journey-1:discount:1", request.IdempotencyKey);
        Assert.Equal("coupon", request.Fields["promotion[type]"]);
        Assert.Equal("coupon_10off", request.Fields["promotion[coupon]"]);
        Assert.Equal("1", request.Fields["max_redemptions"]);
        Assert.Equal(code, request.Fields["code"]);
        Assert.DoesNotContain("coupon", request.Fields.Keys);

        // The same step asked again (e.g. a retry after a crash) gets the same code, and Stripe creates nothing new.
        var again = await new StripePromotionCodes(new HttpClient(), new StripeOptions { ApiKey = ApiKey, CouponId = "coupon_10off", BaseUrl = _stripe.BaseUrl })
            .CreateSingleUseAsync(code!, DateTimeOffset.UtcNow.AddDays(14), "journey-1:discount:1", CancellationToken.None);
        Assert.Equal(code, again);
        Assert.Single(_stripe.PromotionCodes);
    }

    [Fact]
    public async Task A_stripe_500_is_retried_by_stripe_net_with_the_same_idempotency_key_and_one_code_results()
    {
        _stripe.PromotionCodeFailuresLeft = 1;
        await using var engine = Engine(ApiKey, "coupon_10off");

        var instance = await RunAsync(engine);

        Assert.Matches("^LOYAL-[0-9A-F]{8}$", (string?)instance.State.Outputs["discount"]!["Code"]);
        Assert.Equal(["journey-1:discount:1", "journey-1:discount:1"], _stripe.Received.Select(r => r.IdempotencyKey));
        Assert.Single(_stripe.PromotionCodes);
    }

    [Fact]
    public async Task Without_stripe_the_configured_code_is_used()
    {
        await using var engine = Engine(ApiKey, couponId: null);

        var instance = await RunAsync(engine);

        Assert.Equal("WELCOME10", (string?)instance.State.Outputs["discount"]!["Code"]);
        Assert.Equal(0, _stripe.Requests);
    }

    [Fact]
    public async Task A_stripe_failure_falls_back_to_the_configured_code_and_the_journey_goes_on()
    {
        _stripe.PromotionCodeFailure = 500;
        await using var engine = Engine(ApiKey, "coupon_10off");

        var instance = await RunAsync(engine);

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal("WELCOME10", (string?)instance.State.Outputs["discount"]!["Code"]);
        var journal = (await engine.GetRequiredService<IWorkflowInstanceStore>().GetJournalAsync(instance.Id, 0, 50)).Items;
        Assert.Contains(journal, j => j.EventName == JournalEvents.Note && j.Message!.Contains("Stripe failed"));
    }
}
