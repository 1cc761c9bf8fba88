using PostPurchase.Persistence;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Runner;
using PostPurchase.Workflows.Tests.Support;

namespace PostPurchase.Persistence.Tests;

/// <summary>Elsa.ParallelForEach on real databases: iterations waiting on their own events survive a restart and resume independently.</summary>
public sealed class ParallelForEachPersistenceTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Two_iterations_waiting_on_events_resume_independently_across_a_restart(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock();
        string id;
        await using (var first = await db.HostAsync(clock))
        {
            id = (await first.StartAsync(await first.ImportAsync(ParallelForEachTests.Approvals("['a', 'b']")))).Id;
            Assert.Equal(1, await first.Runtime.RaiseEventAsync("approve-b", id, null, null));
            Assert.Equal(["approved b #1"], first.Probe.Executed);
        }

        await using var second = await db.HostAsync(clock);
        var waiting = await second.GetAsync(id);
        Assert.Equal(WorkflowSubStatus.Suspended, waiting.SubStatus);
        Assert.Equal(["approve-a"], waiting.State.Bookmarks.Select(b => b.EventName));
        Assert.Equal(0, await second.Runtime.RaiseEventAsync("approve-b", id, null, null));

        Assert.Equal(1, await second.Runtime.RaiseEventAsync("approve-a", id, null, null));
        Assert.Equal(["approved a #0", "after"], second.Probe.Executed);
        Assert.Equal(WorkflowSubStatus.Finished, (await second.GetAsync(id)).SubStatus);
        var journal = await second.JournalAsync(id);
        Assert.Equal(2, journal.Count(j => j.ActivityId == "log" && j.EventName == "Completed"));
        Assert.Single(journal, j => j.ActivityId == "after" && j.EventName == "Completed");
    }
}
