using System.Text.Json.Nodes;
using PostPurchase.Persistence;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Tests.Runner;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Elsa;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Persistence.Tests;

/// <summary>Elsa composites and sub-workflows on real databases: state, bookmarks and journal survive a restart.</summary>
public sealed class ElsaActivityPersistenceTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_loop_waiting_inside_a_sequence_root_resumes_after_a_restart_where_it_was(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock();
        var definition = Definition("loop", Sequence("root",
            Activity("each", "Elsa.ForEach", ("items", JavaScript("['a', 'b']")), ("body", Sequence("body",
                Activity("wait", "Elsa.Delay", ("timeSpan", Literal("1.00:00:00"))),
                Activity("log", "Test.Record", ("label", JavaScript("'item ' + getCurrentValue()")))))),
            Activity("out", "Elsa.SetOutput", ("outputName", Literal("Done")), ("outputValue", Literal("yes")))));
        string id;
        await using (var first = await db.HostAsync(clock))
        {
            await first.ImportAsync(definition);
            id = (await first.StartAsync("loop")).Id;
            await first.AdvanceAsync(TimeSpan.FromDays(1));
            Assert.Equal(["item a"], first.Probe.Executed);
        }

        clock.Advance(TimeSpan.FromDays(1));
        await using var second = await db.HostAsync(clock);
        await second.Worker.DrainAsync();

        var instance = await second.GetAsync(id);
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["item b"], second.Probe.Executed);
        Assert.Equal("yes", instance.State.Output["Done"]!.GetValue<string>());
        var journal = await second.JournalAsync(id);
        Assert.Equal(2, journal.Count(j => j.ActivityId == "log" && j.EventName == "Completed"));
        Assert.Contains(journal, j => j.ActivityId == "each" && j.EventName == "Completed");
        Assert.Contains(journal, j => j.ActivityId == "root" && j.EventName == "Completed");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_parent_waiting_on_a_sub_workflow_activity_finishes_after_a_restart_with_the_child_output(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock();
        string parentId;
        await using (var first = await db.HostAsync(clock))
        {
            await first.ImportAsync(SubWorkflowTests.Greeter());
            await first.ImportAsync(SubWorkflowTests.Parent());
            var parent = await first.StartAsync("parent", new JsonObject { ["customer"] = "Ada" }, "order-1");
            parentId = parent.Id;
            Assert.Equal(WorkflowSubStatus.Suspended, parent.SubStatus);
        }

        clock.Advance(TimeSpan.FromDays(1));
        await using var second = await db.HostAsync(clock);
        await second.Worker.DrainAsync();

        var finished = await second.GetAsync(parentId);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal("Hello Ada", finished.State.Outputs["greet"]["Greeting"]!.GetValue<string>());
        Assert.Equal(["friendly: Hello Ada"], second.Probe.Executed);
        var child = Assert.Single((await second.Instances.ListAsync(new InstanceQuery { DefinitionIds = ["greeter"] })).Items);
        Assert.Equal("order-1", child.CorrelationId);
        Assert.Equal(["Friendly"], child.State.Outcomes);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCSharp_and_CSharp_expressions_run_and_their_results_variables_and_journal_are_stored(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using var host = CSharpTests.Host(configure: db.Register);
        await TestDatabase.InitializeSchemaAsync(host.Services);
        await host.ImportAsync(CSharpTests.OrderScript());

        var id = (await host.StartAsync("csharp-order", CSharpTests.OrderInput())).Id;

        var stored = await host.GetAsync(id);
        Assert.Equal(WorkflowSubStatus.Finished, stored.SubStatus);
        Assert.Equal("order o-7: 2 items, first MUG", stored.State.Outputs["Script1"]["Result"]!.GetValue<string>());
        Assert.Equal("order o-7: 2 items, first MUG", stored.State.Variables["Summary"]!.GetValue<string>());
        Assert.Equal("3", stored.State.Variables["Visits"]!.ToJsonString());
        Assert.Equal("30", stored.State.Output["Visits"]!.ToJsonString());
        var journal = await host.JournalAsync(id);
        Assert.Contains(journal, j => j.ActivityId == "Script1" && j.ActivityType == "Elsa.RunCSharp" && j.EventName == "Completed");
        Assert.Contains(journal, j => j.ActivityId == "Big" && j.EventName == "Completed");
    }
}
