using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Tests.Journey;

/// <summary>
/// The shipped journey's versions: a database that has version 1 (Handlebars, workflows/history/post-purchase.v1.json)
/// gets version 2 (Liquid, workflows/post-purchase.json) published by the start-up import, running journeys stay on
/// version 1, and samples/post-purchase-v3.json publishes on top.
/// </summary>
public sealed class ShippedVersionsTests : IAsyncLifetime
{
    private readonly StudioTestHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static async Task<JsonObject> ReadAsync(params string[] path) =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine([HeadlessChromium.RepositoryRoot(), .. path])))!.AsObject();

    [Fact]
    public async Task An_existing_database_on_version_1_publishes_the_liquid_version_2_and_keeps_running_journeys_on_1()
    {
        var definitions = _host.Services.GetRequiredService<WorkflowDefinitionService>();
        var runtime = _host.Services.GetRequiredService<WorkflowRuntime>();
        var v1 = await ReadAsync("workflows", "history", "post-purchase.v1.json");
        var v2 = await ReadAsync("workflows", "post-purchase.json");
        var v3 = await ReadAsync("samples", "post-purchase-v3.json");
        Assert.Equal((1, 2, 3), ((int)v1["version"]!, (int)v2["version"]!, (int)v3["version"]!));
        Assert.DoesNotContain("\"Handlebars\"", v2.ToJsonString());
        Assert.Contains("\"Liquid\"", v2.ToJsonString());

        await definitions.ImportAsync(v1, "workflows/post-purchase.json");
        var purchase = new JsonObject { ["purchase"] = new JsonObject { ["provider"] = "generic", ["orderId"] = "V-1", ["customer"] = new JsonObject { ["email"] = "ada@example.com" } } };
        var running = await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "post-purchase", Input = purchase.DeepClone().AsObject(), CorrelationId = "V-1" });

        // What StartupInitializer does with workflows/ on the next start.
        Assert.True((await definitions.ImportAsync(v2, "workflows/post-purchase.json")).Imported);
        Assert.False((await definitions.ImportAsync(v2, "workflows/post-purchase.json")).Imported);
        var next = await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "post-purchase", Input = purchase.DeepClone().AsObject(), CorrelationId = "V-2" });

        var stillRunning = (await _host.Services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(running.Id))!;
        Assert.Equal((1, WorkflowSubStatus.Suspended), (stillRunning.DefinitionVersion, stillRunning.SubStatus));
        Assert.True(next.SubStatus == WorkflowSubStatus.Suspended, string.Join("; ", next.State.Incidents.Select(i => i.Message)));
        Assert.Equal(2, next.DefinitionVersion);

        Assert.True((await definitions.ImportAsync(v3, "samples/post-purchase-v3.json")).Imported);
        var third = await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "post-purchase", Input = purchase.DeepClone().AsObject(), CorrelationId = "V-3" });
        Assert.Equal(3, third.DefinitionVersion);
    }
}
