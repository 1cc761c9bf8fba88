using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Workflows.Tests.Support;

/// <summary>The real engine on a manual clock; stores in memory unless <paramref name="configure"/> replaces them.</summary>
public sealed class EngineHost : IAsyncDisposable
{
    public EngineHost(ManualClock? clock = null, Action<IServiceCollection>? configure = null, string? workerId = null)
    {
        Clock = clock ?? new ManualClock();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new TestProbe());
        services.AddWorkflowEngine(o => o.RetryBackoff = TimeSpan.FromSeconds(10));
        services.AddActivitiesFrom(typeof(EngineHost).Assembly);
        services.Configure<WorkflowWorkerOptions>(o =>
        {
            o.Enabled = false;
            o.WorkerId = workerId ?? Guid.NewGuid().ToString("N");
        });
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    public ServiceProvider Services { get; }
    public ManualClock Clock { get; }
    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    public WorkflowWorker Worker => Services.GetRequiredService<WorkflowWorker>();
    public WorkflowDefinitionService Definitions => Services.GetRequiredService<WorkflowDefinitionService>();
    public IWorkflowInstanceStore Instances => Services.GetRequiredService<IWorkflowInstanceStore>();
    public TestProbe Probe => Services.GetRequiredService<TestProbe>();

    public async Task<string> ImportAsync(JsonObject definition)
    {
        var result = await Definitions.ImportAsync(definition, "test");
        return result.DefinitionId;
    }

    public async Task<WorkflowInstance> StartAsync(string definitionId, JsonObject? input = null, string? correlationId = null) =>
        await Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Input = input, CorrelationId = correlationId });

    public async Task<WorkflowInstance> GetAsync(string instanceId) => (await Instances.FindAsync(instanceId))!;

    /// <summary>Moves the clock and lets the worker run everything that came due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Worker.DrainAsync();
    }

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(string instanceId) => (await Instances.GetJournalAsync(instanceId, 0, 10_000)).Items;

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
