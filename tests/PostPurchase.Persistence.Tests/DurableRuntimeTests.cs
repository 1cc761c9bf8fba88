using System.Text.Json.Nodes;
using PostPurchase.Persistence;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Persistence.Tests;

/// <summary>The engine on real databases: the same tests on SQLite and on PostgreSQL.</summary>
public sealed class DurableRuntimeTests
{
    private static JsonObject DelayFlow(string id = "durable", int version = 1) => new Flow(id, version)
        .Add("wait", "Elsa.Delay", ("timeSpan", Literal("1.00:00:00")))
        .Add("after", "Test.Record", ("label", Literal("after")))
        .Connect("wait", "after").Build();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Instances_bookmarks_journal_and_versions_round_trip_through_the_database(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using var host = await db.HostAsync(new ManualClock());
        await host.ImportAsync(DelayFlow());
        var instance = await host.StartAsync("durable", new JsonObject { ["purchase"] = new JsonObject { ["orderId"] = "o-1" } }, "o-1");

        var loaded = await host.GetAsync(instance.Id);
        Assert.Equal(WorkflowSubStatus.Suspended, loaded.SubStatus);
        Assert.Equal("o-1", loaded.State.Input["purchase"]?["orderId"]?.GetValue<string>());
        var bookmark = Assert.Single(loaded.State.Bookmarks);
        Assert.Equal(host.Clock.GetUtcNow().AddDays(1), bookmark.DueAt);
        Assert.Equal([instance.Id], await host.Instances.FindActiveIdsByCorrelationAsync("o-1"));

        await host.AdvanceAsync(TimeSpan.FromDays(1));

        var finished = await host.GetAsync(instance.Id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal(["after"], host.Probe.Executed);
        var journal = await host.JournalAsync(instance.Id);
        Assert.Equal(["Started", "Suspended", "Resumed", "Completed", "Started", "Completed"], journal.Select(j => j.EventName));
        Assert.Equal(0, await ((IBookmarkQueue)host.Services.GetService(typeof(IBookmarkQueue))!).CountDueAsync(DateTimeOffset.MaxValue));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_restarted_host_resumes_every_instance_that_came_due_exactly_once(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock();
        var ids = new List<string>();
        await using (var hostA = await db.HostAsync(clock))
        {
            await hostA.ImportAsync(DelayFlow());
            for (var i = 0; i < 100; i++) ids.Add((await hostA.StartAsync("durable")).Id);
        }

        clock.Advance(TimeSpan.FromDays(2));
        await using var hostB = await db.HostAsync(clock);
        await hostB.Worker.DrainAsync();

        Assert.Equal(100, hostB.Probe.ExecutionsByKey.Count);
        Assert.All(hostB.Probe.ExecutionsByKey.Values, count => Assert.Equal(1, count));
        foreach (var id in ids) Assert.Equal(WorkflowSubStatus.Finished, (await hostB.GetAsync(id)).SubStatus);
        Assert.Equal(0, await hostB.Worker.DrainAsync());
    }

    [Fact]
    public async Task Two_replicas_on_postgresql_resume_each_of_1000_due_bookmarks_exactly_once()
    {
        var db = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        var clock = new ManualClock();
        await using var replicaA = await db.HostAsync(clock, "replica-a");
        await using var replicaB = await db.HostAsync(clock, "replica-b");
        await replicaA.ImportAsync(DelayFlow());
        var ids = new List<string>();
        for (var i = 0; i < 1000; i++) ids.Add((await (i % 2 == 0 ? replicaA : replicaB).StartAsync("durable")).Id);

        clock.Advance(TimeSpan.FromDays(2));
        await Task.WhenAll(Task.Run(() => replicaA.Worker.DrainAsync()), Task.Run(() => replicaB.Worker.DrainAsync()));

        var executions = replicaA.Probe.ExecutionsByKey.Concat(replicaB.Probe.ExecutionsByKey).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        Assert.Equal(1000, executions.Count);
        Assert.All(executions.Values, count => Assert.Equal(1, count));
        Assert.True(replicaA.Probe.ExecutionsByKey.Count > 0 && replicaB.Probe.ExecutionsByKey.Count > 0, "both replicas should have claimed work");
        var page = await replicaA.Instances.ListAsync(new InstanceQuery { PageSize = 2000, SubStatuses = [WorkflowSubStatus.Finished] });
        Assert.Equal(1000, page.TotalCount);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Queued_trigger_work_starts_a_journey_once_even_when_processed_twice(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using var host = await db.HostAsync(new ManualClock());
        await host.ImportAsync(new Flow("triggered").Add("start", "Test.Record", ("label", Literal("started"))).Build());
        var queue = (IWorkQueue)host.Services.GetService(typeof(IWorkQueue))!;
        var item = new WorkItem { Kind = WorkItemKind.Trigger, ActivityType = "Test.Record", CorrelationId = "order-9", Payload = new JsonObject() };

        await queue.EnqueueAsync(item);
        await host.Worker.DrainAsync();
        await host.Runtime.ProcessAsync(item);

        Assert.Equal(["started"], host.Probe.Executed);
        Assert.Equal(0, await queue.CountPendingAsync());
        Assert.Equal(1, (await host.Instances.ListAsync(new InstanceQuery { CorrelationId = "order-9" })).TotalCount);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Publishing_a_new_version_through_the_database_keeps_running_instances_on_theirs(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using var host = await db.HostAsync(new ManualClock());
        await host.ImportAsync(DelayFlow("pinned", 1));
        var old = await host.StartAsync("pinned");
        await host.ImportAsync(DelayFlow("pinned", 2));
        var store = (IWorkflowDefinitionStore)host.Services.GetService(typeof(IWorkflowDefinitionStore))!;

        Assert.Equal(2, (await store.FindAsync("pinned", VersionOptions.Published))!.Version);
        await host.AdvanceAsync(TimeSpan.FromDays(1));
        var finished = await host.GetAsync(old.Id);
        Assert.Equal(1, finished.DefinitionVersion);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
    }
}
