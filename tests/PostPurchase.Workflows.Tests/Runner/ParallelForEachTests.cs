using System.Text.Json.Nodes;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Elsa;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Runner;

/// <summary>Elsa.ParallelForEach: every iteration is scheduled at once, waits on its own and the loop completes when all have.</summary>
public sealed class ParallelForEachTests
{
    /// <summary>Elsa's export: for each order, wait for "approve-{order}", then record it; after the loop, record "after".</summary>
    public static JsonObject Approvals(string items = "['a', 'b', 'c']") => Definition("approvals", Flowchart("Flowchart1",
        [
            Activity("each", "Elsa.ParallelForEach", ("items", JavaScript(items)), ("body", Sequence("body",
                Activity("wait", "Elsa.Event", ("eventName", JavaScript("'approve-' + getCurrentValue()"))),
                Activity("log", "Test.Record", ("label", JavaScript("'approved ' + getCurrentValue() + ' #' + getCurrentIndex()")))))),
            Record("after"),
        ], ("each", "Done", "after")));

    [Fact]
    public async Task Iterations_waiting_on_events_resume_independently_and_the_loop_completes_after_the_last()
    {
        await using var host = new EngineHost();
        var started = await host.StartAsync(await host.ImportAsync(Approvals()));
        Assert.Equal(WorkflowSubStatus.Suspended, started.SubStatus);
        Assert.Equal(["approve-a", "approve-b", "approve-c"], started.State.Bookmarks.Select(b => b.EventName).Order());

        Assert.Equal(1, await host.Runtime.RaiseEventAsync("approve-b", started.Id, null, null));
        Assert.Equal(["approved b #1"], host.Probe.Executed);
        Assert.Equal(1, await host.Runtime.RaiseEventAsync("approve-c", started.Id, null, null));
        var waiting = await host.GetAsync(started.Id);
        Assert.Equal(WorkflowSubStatus.Suspended, waiting.SubStatus);
        Assert.Equal(["approve-a"], waiting.State.Bookmarks.Select(b => b.EventName));

        Assert.Equal(1, await host.Runtime.RaiseEventAsync("approve-a", started.Id, null, null));
        var finished = await host.GetAsync(started.Id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal(["approved b #1", "approved c #2", "approved a #0", "after"], host.Probe.Executed);
        var journal = await host.JournalAsync(started.Id);
        Assert.Equal(3, journal.Count(j => j.ActivityId == "log" && j.EventName == "Completed"));
        Assert.Single(journal, j => j.ActivityId == "after" && j.EventName == "Completed");
    }

    [Fact]
    public async Task Timers_of_different_lengths_each_fire_in_their_own_iteration()
    {
        await using var host = new EngineHost();
        var definition = Definition("reminders", Flowchart("Flowchart1",
            [
                Activity("each", "Elsa.ParallelForEach", ("items", JavaScript("[3, 1, 2]")), ("body", Sequence("body",
                    Activity("delay", "Elsa.Delay", ("timeSpan", JavaScript("getCurrentValue() + '.00:00:00'"))),
                    Activity("log", "Test.Record", ("label", JavaScript("'day ' + getCurrentValue()")))))),
                Record("after"),
            ], ("each", "Done", "after")));
        var id = (await host.StartAsync(await host.ImportAsync(definition))).Id;

        for (var day = 1; day <= 3; day++) await host.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(["day 1", "day 2", "day 3", "after"], host.Probe.Executed);
        Assert.Equal(WorkflowSubStatus.Finished, (await host.GetAsync(id)).SubStatus);
    }

    [Fact]
    public async Task A_break_in_one_iteration_ends_the_others_waits_and_an_empty_list_completes_at_once()
    {
        await using var host = new EngineHost();
        var definition = Definition("first-wins", Flowchart("Flowchart1",
            [
                Activity("each", "Elsa.ParallelForEach", ("items", JavaScript("['a', 'b']")), ("body", Sequence("body",
                    Activity("wait", "Elsa.Event", ("eventName", JavaScript("'approve-' + getCurrentValue()"))),
                    Activity("stop", "Elsa.Break")))),
                Record("after"),
            ], ("each", "Done", "after")));
        var id = (await host.StartAsync(await host.ImportAsync(definition))).Id;
        await host.Runtime.RaiseEventAsync("approve-a", id, null, null);

        var finished = await host.GetAsync(id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Empty(finished.State.Bookmarks);
        Assert.Equal(["after"], host.Probe.Executed);

        var none = Approvals("[]");
        none["definitionId"] = "none";
        var empty = await host.StartAsync(await host.ImportAsync(none));
        Assert.Equal(WorkflowSubStatus.Finished, empty.SubStatus);
        Assert.Equal(["after", "after"], host.Probe.Executed);
    }
}
