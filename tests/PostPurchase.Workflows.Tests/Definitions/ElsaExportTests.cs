using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;

namespace PostPurchase.Workflows.Tests.Definitions;

/// <summary>
/// Definitions in Elsa 3's export format (Definitions/Elsa, written for these tests in the shapes Elsa 3.0–3.6 export:
/// both connection styles, with and without <c>$schema</c>, <c>toolVersion</c>, <c>nodeId</c> and memory references)
/// import unchanged and run.
/// </summary>
public sealed class ElsaExportTests : IAsyncLifetime
{
    private readonly EngineHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static JsonObject Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Definitions", "Elsa", file);
        return JsonNode.Parse(File.ReadAllText(path).TrimStart('\uFEFF'))!.AsObject();
    }

    [Theory]
    [InlineData("thank-you.json", new[] { "Thanks for your order!" })]
    [InlineData("fan-out.json", new[] { "Email", "Sms", "Archive" })]
    [InlineData("receipt-v1.json", new[] { "Receipt v1" })]
    [InlineData("retry-loop.json", new[] { "Try delivery", "Retrying", "Try delivery", "Retrying", "Try delivery", "Delivered" })]
    public async Task Definition_runs_to_completion_writing_the_expected_lines(string file, string[] lines)
    {
        var imported = await _host.Definitions.ImportAsync(Load(file), file);
        var instance = await _host.StartAsync(imported.DefinitionId);

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        var written = (await _host.JournalAsync(instance.Id)).Where(j => j.EventName == "Note").Select(j => j.Message);
        Assert.Equal(lines, written);
    }

    [Fact]
    public async Task Braided_flow_with_delays_runs_every_line_once_after_the_delays()
    {
        var imported = await _host.Definitions.ImportAsync(Load("braided-delays.json"), "braided-delays.json");
        var instance = await _host.StartAsync(imported.DefinitionId);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);

        await _host.AdvanceAsync(TimeSpan.FromSeconds(10));

        var written = (await _host.JournalAsync(instance.Id)).Where(j => j.EventName == "Note").Select(j => j.Message).ToList();
        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"Step {i}").Order(), written.Order());
        Assert.Equal("Step 9", written[^1]);
        Assert.Equal(WorkflowSubStatus.Finished, (await _host.GetAsync(instance.Id)).SubStatus);
    }

    [Fact]
    public async Task Decision_merge_into_end_finishes()
    {
        var imported = await _host.Definitions.ImportAsync(Load("decision-into-end.json"), "d.json");
        var instance = await _host.StartAsync(imported.DefinitionId);

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Contains(await _host.JournalAsync(instance.Id), j => j.ActivityType == "Elsa.End" && j.EventName == "Completed");
    }

    [Fact]
    public async Task Javascript_returning_an_object_is_stored_in_a_variable_and_read_back()
    {
        var imported = await _host.Definitions.ImportAsync(Load("object-variables.json"), "i.json");
        var instance = await _host.StartAsync(imported.DefinitionId);

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal("#/orders/1042", (string?)instance.State.Variables["Copy"]?["order"]?["$id"]);
        Assert.Equal("APRON-1", (string?)instance.State.Variables["Copy"]?["order"]?["lines"]?[0]?["sku"]);
        Assert.Equal(instance.State.Variables["Order"]!.ToJsonString(), instance.State.Variables["Copy"]!.ToJsonString());
    }

    [Fact]
    public async Task Timer_start_waits_its_interval()
    {
        var imported = await _host.Definitions.ImportAsync(Load("timer-start.json"), "t.json");
        var instance = await _host.StartAsync(imported.DefinitionId);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);

        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(await _host.JournalAsync(instance.Id), j => j.EventName == "Note");
        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("Checking for late orders", (await _host.JournalAsync(instance.Id)).Single(j => j.EventName == "Note").Message);
    }

    [Fact]
    public async Task Importing_the_same_version_twice_changes_nothing_and_a_higher_version_is_published()
    {
        var first = await _host.Definitions.ImportAsync(Load("receipt-v1.json"), "v1");
        var again = await _host.Definitions.ImportAsync(Load("receipt-v1.json"), "v1");
        var v2 = Load("receipt-v2.json");
        Assert.Equal(2, (int)v2["version"]!);
        var second = await _host.Definitions.ImportAsync(v2, "v2");

        Assert.True(first.Imported);
        Assert.False(again.Imported);
        Assert.True(second.Imported);
        var store = (PostPurchase.Workflows.Runtime.Stores.IWorkflowDefinitionStore)_host.Services.GetService(typeof(PostPurchase.Workflows.Runtime.Stores.IWorkflowDefinitionStore))!;
        var published = await store.FindAsync(first.DefinitionId, VersionOptions.Published);
        Assert.Equal(2, published!.Version);
        Assert.Equal(2, (await store.ListAsync(new() { DefinitionIds = [first.DefinitionId] })).Count);
    }

    [Fact]
    public void Round_trip_load_save_load_keeps_the_graph_and_unknown_fields()
    {
        var original = Load("round-trip.json");
        var saved = WorkflowDefinitionService.Normalize(original);
        var reloaded = WorkflowDefinitionService.Normalize(JsonNode.Parse(saved.ToJsonString())!.AsObject());

        Assert.True(JsonNode.DeepEquals(saved, reloaded));
        var a = WorkflowGraph.Parse(original);
        var b = WorkflowGraph.Parse(reloaded);
        Assert.Equal(a.Activities.Keys.Order(), b.Activities.Keys.Order());
        Assert.Equal(a.Connections, b.Connections);
        Assert.Equal("3.5.1.0", (string?)reloaded["toolVersion"]);
        Assert.Equal(original["metadata"]!.ToJsonString(), reloaded["metadata"]?.ToJsonString());
    }
}
