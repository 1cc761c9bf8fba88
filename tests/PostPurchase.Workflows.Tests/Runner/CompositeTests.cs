using System.Text.Json.Nodes;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Elsa;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Runner;

/// <summary>Elsa's composite activities and non-flowchart roots, imported in Elsa's export shape and run.</summary>
public sealed class CompositeTests : IAsyncLifetime
{
    private readonly EngineHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<WorkflowInstance> RunAsync(JsonObject root, JsonObject? extra = null, JsonObject? input = null)
    {
        var id = await _host.ImportAsync(Definition("def-" + Guid.NewGuid().ToString("N")[..8], root, extra: extra));
        return await _host.StartAsync(id, input);
    }

    [Fact]
    public async Task A_sequence_root_runs_its_children_in_order_including_a_nested_sequence_and_flowchart()
    {
        var instance = await RunAsync(Sequence("Sequence1",
            Record("a"),
            Sequence("inner", Record("b"), Record("c")),
            Flowchart("chart", [Record("d"), Record("e"), Record("f"), Record("g")], ("d", "Done", "e"), ("d", "Done", "f"), ("e", "Done", "g"), ("f", "Done", "g")),
            Record("h")));

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], _host.Probe.Executed);
        var journal = await _host.JournalAsync(instance.Id);
        Assert.Equal(["a", "b", "c", "inner", "d", "e", "f", "g", "chart", "h", "Sequence1"],
            journal.Where(j => j.EventName == "Completed").Select(j => j.ActivityId));
        Assert.Equal("Workflow1:Sequence1:inner:b", journal.First(j => j.ActivityId == "b").NodeId);
    }

    [Fact]
    public async Task A_single_activity_can_be_the_root()
    {
        var instance = await RunAsync(Activity("WriteLine1", "Elsa.WriteLine", ("text", Literal("Hello from the root"))));

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        var journal = await _host.JournalAsync(instance.Id);
        Assert.Contains(journal, j => j.EventName == "Note" && j.Message == "Hello from the root");
    }

    [Fact]
    public async Task A_wait_inside_a_sequence_inside_a_flowchart_resumes_there_and_the_flowchart_then_continues()
    {
        var id = await _host.ImportAsync(new Flow("waits")
            .Add("seq", "Elsa.Sequence", ("activities", new JsonArray(Record("before"), Activity("wait", "Elsa.Delay", ("timeSpan", Literal("1.00:00:00"))), Record("after"))))
            .Add("next", "Test.Record", ("label", Literal("next")))
            .Connect("seq", "next").Build());

        var instance = await _host.StartAsync(id);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);
        Assert.Equal(["before"], _host.Probe.Executed);

        await _host.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(WorkflowSubStatus.Finished, (await _host.GetAsync(instance.Id)).SubStatus);
        Assert.Equal(["before", "after", "next"], _host.Probe.Executed);
    }

    [Theory]
    [InlineData(150, "then")]
    [InlineData(50, "else")]
    public async Task If_runs_then_or_else_and_continues_on_Done(int total, string expected)
    {
        var id = await _host.ImportAsync(new Flow("if")
            .Add("if", "Elsa.If", ("condition", JavaScript("purchase.total > 100")), ("then", Record("then")), ("else", Record("else")))
            .Add("after", "Test.Record", ("label", Literal("after")))
            .Connect("if", "after").Build());

        var instance = await _host.StartAsync(id, new JsonObject { ["purchase"] = new JsonObject { ["total"] = total } });

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal([expected, "after"], _host.Probe.Executed);
        Assert.Equal(total > 100, instance.State.Outputs["if"]["Result"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("gold", "gold")]
    [InlineData("silver", "silver")]
    [InlineData("none", "default")]
    public async Task Switch_runs_the_first_matching_case_or_its_default(string tier, string expected)
    {
        var instance = await RunAsync(Sequence("s",
            Activity("switch", "Elsa.Switch", ("mode", Literal("MatchFirst")),
                ("cases", new JsonArray(Case("Gold", "tier == 'gold'", Record("gold")), Case("Silver", "tier == 'silver'", Record("silver")), Case("Also gold", "tier == 'gold'", Record("also")))),
                ("default", Record("default"))),
            Record("after")), input: new JsonObject { ["tier"] = tier });

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal([expected, "after"], _host.Probe.Executed);
    }

    [Fact]
    public async Task FlowSwitch_continues_on_the_matching_case_label_or_Default()
    {
        var id = await _host.ImportAsync(new Flow("flow-switch")
            .Add("switch", "Elsa.FlowSwitch", ("cases", new JsonArray(Case("Big", "purchase.total > 100"), Case("Small", "purchase.total <= 100"))))
            .Add("big", "Test.Record", ("label", Literal("big"))).Add("small", "Test.Record", ("label", Literal("small")))
            .Connect("switch", "big", "Big").Connect("switch", "small", "Small").Build());

        await _host.StartAsync(id, new JsonObject { ["purchase"] = new JsonObject { ["total"] = 20 } });

        Assert.Equal(["small"], _host.Probe.Executed);
    }

    [Fact]
    public async Task ForEach_runs_its_body_per_item_with_CurrentValue_and_Break_ends_it()
    {
        var body = Sequence("body",
            Activity("log", "Test.Record", ("label", JavaScript("'item ' + getCurrentValue()"))),
            Activity("stop", "Elsa.If", ("condition", JavaScript("getCurrentValue() == 3")), ("then", Activity("break", "Elsa.Break"))),
            Activity("tail", "Test.Record", ("label", JavaScript("'tail ' + getCurrentValue()"))));
        var instance = await RunAsync(Sequence("root",
            Activity("loop", "Elsa.ForEach", ("items", JavaScript("[1, 2, 3, 4]")), ("body", body)),
            Record("after")));

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["item 1", "tail 1", "item 2", "tail 2", "item 3", "after"], _host.Probe.Executed);
        Assert.Equal(3, instance.State.Outputs["loop"]["CurrentValue"]!.GetValue<int>());
    }

    [Fact]
    public async Task While_repeats_its_body_until_the_condition_is_false_and_ParallelForEach_visits_every_item()
    {
        var variables = new JsonObject { ["variables"] = new JsonArray(new JsonObject { ["id"] = "counter-id", ["name"] = "Counter", ["typeName"] = "Int32", ["value"] = "0" }) };
        var instance = await RunAsync(Sequence("root",
            Activity("while", "Elsa.While", ("condition", JavaScript("getCounter() < 3")),
                ("body", Activity("count", "Elsa.RunJavaScript", ("script", Literal("setCounter(getCounter() + 1); return getCounter();"))))),
            Activity("each", "Elsa.ParallelForEach", ("items", Literal("a,b")), ("body", Activity("visit", "Test.Record", ("label", JavaScript("'visit ' + getCurrentValue()")))))),
            extra: variables);

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(3, instance.State.Variables["Counter"]!.GetValue<int>());
        Assert.Equal(["visit a", "visit b"], _host.Probe.Executed);
        var journal = await _host.JournalAsync(instance.Id);
        Assert.Equal(3, journal.Count(j => j.ActivityId == "count" && j.EventName == "Completed"));
    }

    [Fact]
    public async Task Fork_WaitAll_completes_after_every_branch_and_WaitAny_after_the_first_cancelling_the_rest()
    {
        var waitAll = await RunAsync(Sequence("root",
            Activity("fork", "Elsa.Fork", ("joinMode", Literal("WaitAll")), ("branches", new JsonArray(Record("x"), Sequence("slow", Activity("wait", "Elsa.Delay", ("timeSpan", Literal("01:00:00"))), Record("y"))))),
            Record("joined")));
        Assert.Equal(WorkflowSubStatus.Suspended, waitAll.SubStatus);
        Assert.Equal(["x"], _host.Probe.Executed);
        await _host.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(["x", "y", "joined"], _host.Probe.Executed);
        Assert.Equal(WorkflowSubStatus.Finished, (await _host.GetAsync(waitAll.Id)).SubStatus);

        var waitAny = await RunAsync(Sequence("root",
            Activity("fork", "Elsa.Fork", ("joinMode", Literal("WaitAny")), ("branches", new JsonArray(Record("fast"), Sequence("slow", Activity("wait", "Elsa.Delay", ("timeSpan", Literal("01:00:00"))), Record("never"))))),
            Record("first")));
        Assert.Equal(WorkflowSubStatus.Finished, waitAny.SubStatus);
        Assert.Empty(waitAny.State.Bookmarks);
        Assert.Equal(["x", "y", "joined", "fast", "first"], _host.Probe.Executed);
    }
}
