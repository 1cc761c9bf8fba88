using PostPurchase.Commerce.Customers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Activities;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Commerce.Verification;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Commerce.Tests.Ingestion;

/// <summary>The real engine with in-memory stores, the commerce activities and the ingestion service.</summary>
public sealed class CommerceEngine : IAsyncDisposable
{
    /// <param name="configure">Replaces services after the defaults (e.g. a store decorator).</param>
    public CommerceEngine(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddWorkflowEngine();
        services.AddActivitiesFrom(typeof(PurchaseTrigger).Assembly);
        services.Configure<WorkflowWorkerOptions>(o => o.Enabled = false);
        services.AddSingleton(new RealTime(new ManualClock(DateTimeOffset.UtcNow)));
        services.AddSingleton<InMemoryInboxStore>();
        services.AddSingleton<IInboxStore>(sp => sp.GetRequiredService<InMemoryInboxStore>());
        services.AddSingleton<ICustomerHistory, InMemoryCustomerHistory>();
        services.AddSingleton<WebhookIngestion>();
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    public ManualClock Clock { get; } = new();
    public ServiceProvider Services { get; }
    public WebhookIngestion Ingestion => Services.GetRequiredService<WebhookIngestion>();
    public InMemoryInboxStore Inbox => Services.GetRequiredService<InMemoryInboxStore>();
    public IWorkQueue Queue => Services.GetRequiredService<IWorkQueue>();
    public WorkflowWorker Worker => Services.GetRequiredService<WorkflowWorker>();
    public IWorkflowInstanceStore Instances => Services.GetRequiredService<IWorkflowInstanceStore>();

    /// <summary>Publishes PurchaseTrigger → Event("delivered") → WriteLine with the given trigger inputs.</summary>
    public async Task<string> PublishJourneyAsync(string definitionId, JsonObject? triggerInputs = null)
    {
        var trigger = new JsonObject { ["id"] = "purchase", ["type"] = PurchaseTrigger.TypeName, ["version"] = 1 };
        foreach (var (name, value) in triggerInputs ?? [])
            trigger[name] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value!.DeepClone() } };
        var definition = new JsonObject
        {
            ["definitionId"] = definitionId, ["version"] = 1, ["name"] = definitionId,
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart", ["id"] = "root",
                ["activities"] = new JsonArray(
                    trigger,
                    new JsonObject
                    {
                        ["id"] = "wait", ["type"] = "Elsa.Event", ["version"] = 1,
                        ["eventName"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "delivered" } },
                    },
                    new JsonObject
                    {
                        ["id"] = "thanks", ["type"] = "Elsa.WriteLine", ["version"] = 1,
                        ["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Handlebars", ["value"] = "Thanks {{ Purchase.Customer.FirstName }}" } },
                    }),
                ["connections"] = new JsonArray(
                    Connection("purchase", "Done", "wait"),
                    Connection("wait", "Done", "thanks")),
            },
        };
        await Services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(definition, "test");
        return definitionId;
    }

    private static JsonObject Connection(string source, string port, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    public async Task<IReadOnlyList<WorkflowInstance>> InstancesAsync(string? correlationId = null) =>
        (await Instances.ListAsync(new InstanceQuery { CorrelationId = correlationId, PageSize = 1000 })).Items;

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
