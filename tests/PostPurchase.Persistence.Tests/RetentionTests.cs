using PostPurchase.Workflows.Reporting;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;
using PostPurchase.Persistence.Retention;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Persistence.Tests;

public sealed class RetentionTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Old_finished_instances_and_send_records_are_pruned_and_waiting_instances_never(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var clock = new ManualClock();
        await using var host = await db.HostAsync(clock);
        await host.ImportAsync(new Flow("quick").Add("a", "Test.Record", ("label", Literal("a"))).Build());
        await host.ImportAsync(new Flow("slow").Add("wait", "Elsa.Delay", ("timeSpan", Literal("400.00:00:00"))).Build());
        var finished = await host.StartAsync("quick", new JsonObject());
        var waiting = await host.StartAsync("slow", new JsonObject());
        var sends = host.Services.GetRequiredService<ISendRecordStore>();
        await sends.SaveAsync(new SendRecord
        {
            IdempotencyKey = "old", Channel = Channel.Email, Category = MessageCategory.Marketing, Recipient = "a@example.com",
            Status = SendStatus.Sent, CreatedAt = clock.GetUtcNow(),
        });
        var pruner = host.Services.GetRequiredService<DatabasePruner>();

        var early = await pruner.PruneAsync(RetentionPolicy.Default, clock.GetUtcNow().AddDays(29), DateTimeOffset.UtcNow);
        Assert.Equal(0, early.Total);

        var result = await pruner.PruneAsync(RetentionPolicy.Default, clock.GetUtcNow().AddDays(365), DateTimeOffset.UtcNow);

        Assert.Equal((1, 1), (result.Instances, result.SendRecords));
        Assert.True(result.JournalLines > 0);
        Assert.Null(await host.Instances.FindAsync(finished.Id));
        Assert.Empty((await host.Instances.GetJournalAsync(finished.Id, 0, 100)).Items);
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.GetAsync(waiting.Id)).SubStatus);
        Assert.Null(await sends.FindAsync("old"));

        // Report facts (both journeys' "started" and "entered") stay for the report period, 400 days by default.
        Assert.Equal(0, result.ReportFacts);
        var facts = host.Services.GetRequiredService<IJourneyEventStore>();
        Assert.NotEmpty(await facts.ListAsync("quick", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        var later = await pruner.PruneAsync(RetentionPolicy.Default, clock.GetUtcNow().AddDays(401), DateTimeOffset.UtcNow);
        Assert.Equal(4, later.ReportFacts);
        Assert.Empty(await facts.ListAsync("quick", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal(WorkflowSubStatus.Suspended, (await host.GetAsync(waiting.Id)).SubStatus);
    }
}
