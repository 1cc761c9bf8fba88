using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Persistence;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;
using PostPurchase.Workflows.Scheduling.Cron;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Elsa;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Persistence.Tests;

/// <summary>Elsa.Cron as a recurring trigger on real databases: one instance per occurrence, across replicas and restarts.</summary>
public sealed class CronTriggerTests
{
    private static readonly DateTimeOffset Monday9 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Elsa's export of a workflow started by a Cron trigger (canStartWorkflow) that records the occurrence.</summary>
    public static JsonObject Hourly(string cron = "0 * * * *", int version = 1, string definitionId = "hourly")
    {
        var trigger = Activity("cron1", "Elsa.Cron", ("cronExpression", new JsonObject
        {
            ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = cron },
        }));
        trigger["customProperties"]!["canStartWorkflow"] = true;
        var record = Activity("record", "Test.Record", ("label", JavaScript($"'v{version} ' + getWorkflowInstanceId()")));
        return Definition(definitionId, Flowchart("Flowchart1", [trigger, record], ("cron1", "Done", "record")), version);
    }

    private static async Task<IReadOnlyList<WorkflowInstance>> InstancesAsync(EngineHost host, string definitionId = "hourly") =>
        (await host.Instances.ListAsync(new InstanceQuery { DefinitionIds = [definitionId], PageSize = 1000, Descending = false })).Items;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Each_occurrence_starts_one_instance_that_runs_past_the_trigger(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock(Monday9);
        await using var host = await db.HostAsync(clock);
        await host.ImportAsync(Hourly());
        await host.Worker.DrainAsync();
        Assert.Empty(await InstancesAsync(host));

        for (var hour = 1; hour <= 4; hour++) await host.AdvanceAsync(TimeSpan.FromHours(1));

        var instances = await InstancesAsync(host);
        Assert.Equal(4, instances.Count);
        Assert.All(instances, i => Assert.Equal(WorkflowSubStatus.Finished, i.SubStatus));
        var expected = Enumerable.Range(1, 4).Select(h => Monday9.AddHours(h).ToString("O")).ToList();
        Assert.Equal(expected, instances.Select(i => i.State.Properties["cronOccurrence"]!.GetValue<string>()).Order().ToList());
        Assert.Equal(instances.Select(i => "v1 " + i.Id).Order(), host.Probe.Executed.Order());
        var journal = await host.JournalAsync(instances[0].Id);
        Assert.Contains(journal, j => j.ActivityId == "cron1" && j.EventName == "Completed");
        Assert.Contains(journal, j => j.ActivityId == "record" && j.EventName == "Completed");
        var schedule = Assert.Single(await host.Services.GetRequiredService<ITriggerScheduleStore>().ListAsync("hourly"));
        Assert.Equal(Monday9.AddHours(5), schedule.NextDueAt);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, false)]
    [InlineData(DatabaseProvider.PostgreSql, false)]
    [InlineData(DatabaseProvider.PostgreSql, true)]
    public async Task Two_replicas_racing_on_one_database_fire_each_occurrence_once(DatabaseProvider provider, bool leasesExpireAtOnce)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock(Monday9);
        // With leases that expire at once both replicas can claim the same row: the per-occurrence instance id still holds.
        Action<IServiceCollection>? lease = leasesExpireAtOnce ? s => s.Configure<WorkflowWorkerOptions>(o => o.LeaseDuration = TimeSpan.FromMilliseconds(-1)) : null;
        await using var a = await db.HostAsync(clock, "replica-a", lease);
        await using var b = await db.HostAsync(clock, "replica-b", lease);
        for (var d = 0; d < 10; d++) await a.ImportAsync(Hourly(definitionId: $"hourly-{d}"));

        for (var hour = 1; hour <= 5; hour++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await Task.WhenAll(Task.Run(() => a.Worker.DrainAsync()), Task.Run(() => b.Worker.DrainAsync()));
        }

        for (var d = 0; d < 10; d++)
        {
            var instances = await InstancesAsync(a, $"hourly-{d}");
            Assert.Equal(5, instances.Count);
            Assert.Equal(5, instances.Select(i => i.State.Properties["cronOccurrence"]!.GetValue<string>()).Distinct().Count());
        }

        if (!leasesExpireAtOnce) Assert.Equal(50, a.Probe.Executed.Count + b.Probe.Executed.Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Occurrences_missed_while_down_fire_once_on_restart(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock(Monday9);
        await using (var first = await db.HostAsync(clock))
            await first.ImportAsync(Hourly());

        clock.Advance(TimeSpan.FromHours(5.5)); // 10:00, 11:00, 12:00, 13:00 and 14:00 pass with no replica running
        await using var second = await db.HostAsync(clock);
        await second.Services.GetRequiredService<CronTriggers>().SyncAllAsync(); // what the worker does when it starts
        await second.Worker.DrainAsync();

        var caughtUp = Assert.Single(await InstancesAsync(second));
        Assert.Equal(Monday9.AddHours(1).ToString("O"), caughtUp.State.Properties["cronOccurrence"]!.GetValue<string>());
        Assert.Equal(WorkflowSubStatus.Finished, caughtUp.SubStatus);

        await second.AdvanceAsync(TimeSpan.FromMinutes(30)); // 15:00
        Assert.Equal(2, (await InstancesAsync(second)).Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_new_version_replaces_the_schedule_and_retracting_or_deleting_stops_it(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock(Monday9);
        await using var host = await db.HostAsync(clock);
        await host.ImportAsync(Hourly());
        await host.AdvanceAsync(TimeSpan.FromHours(1)); // 10:00 on version 1

        await host.ImportAsync(Hourly("30 * * * *", version: 2)); // half past, from now on
        await host.AdvanceAsync(TimeSpan.FromHours(1)); // 10:30 on version 2; 11:00 is no longer an occurrence
        var instances = await InstancesAsync(host);
        Assert.Equal([1, 2], instances.Select(i => i.DefinitionVersion).Order().ToList());
        Assert.Equal(Monday9.AddHours(1.5).ToString("O"), instances.Single(i => i.DefinitionVersion == 2).State.Properties["cronOccurrence"]!.GetValue<string>());

        Assert.NotNull(await host.Definitions.RetractAsync("hourly"));
        Assert.Empty(await host.Services.GetRequiredService<ITriggerScheduleStore>().ListAsync("hourly"));
        await host.AdvanceAsync(TimeSpan.FromHours(3));
        Assert.Equal(2, (await InstancesAsync(host)).Count);

        // Deleted straight from the store (as the API's delete does): the row is dropped, unfired, when it comes due.
        await host.ImportAsync(Hourly(definitionId: "deleted"));
        await host.Services.GetRequiredService<IWorkflowDefinitionStore>().DeleteAsync("deleted");
        await host.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Empty(await InstancesAsync(host, "deleted"));
        Assert.Empty(await host.Services.GetRequiredService<ITriggerScheduleStore>().ListAsync(null));
    }
}
