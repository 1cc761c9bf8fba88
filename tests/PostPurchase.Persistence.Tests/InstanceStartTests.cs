using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence.Tests;

/// <summary>
/// The reads and writes a trigger's start makes (one check before, one create with its cancellation read after the
/// commit), on SQLite and PostgreSQL.
/// </summary>
public sealed class InstanceStartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static WorkflowInstance Instance(string id, string? correlationId = null, string name = "first") => new()
    {
        Id = id, DefinitionId = "journey", DefinitionVersionId = "journey-v1", DefinitionVersion = 1, Name = name, CorrelationId = correlationId,
        CreatedAt = T0, UpdatedAt = T0, State = new WorkflowState(),
    };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_second_create_with_the_same_id_changes_nothing_and_the_store_keeps_working(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var store = services.GetRequiredService<IWorkflowInstanceStore>();

        Assert.Equal(new CreateResult(true, false), await store.TryCreateAsync(Instance("i1", "A-1"), InstanceChanges.None));
        Assert.Equal(new CreateResult(false, false), await store.TryCreateAsync(Instance("i1", "A-1", name: "second"), InstanceChanges.None));
        Assert.Equal("first", (await store.FindAsync("i1"))!.Name);

        // The failed create's connection goes back to the pool: later work on it must not find an aborted transaction.
        for (var i = 2; i <= 12; i++) Assert.True((await store.TryCreateAsync(Instance($"i{i}", $"A-{i}"), InstanceChanges.None)).Created);
        Assert.Equal(12, (await store.ListAsync(new InstanceQuery { PageSize = 100 })).TotalCount);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_create_reports_a_cancellation_of_its_correlation_that_committed_before_it(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        await store.MarkCorrelationCancelledAsync("A-refunded", "refund");

        Assert.Equal(new CreateResult(true, true), await store.TryCreateAsync(Instance("i1", "A-refunded"), InstanceChanges.None));
        Assert.Equal(new CreateResult(true, false), await store.TryCreateAsync(Instance("i2", "A-kept"), InstanceChanges.None));
        Assert.Equal(new CreateResult(true, false), await store.TryCreateAsync(Instance("i3"), InstanceChanges.None));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_start_check_reports_a_cancelled_correlation_and_the_ids_that_exist(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        await store.TryCreateAsync(Instance("i1", "A-1"), InstanceChanges.None);
        await store.MarkCorrelationCancelledAsync("A-2", "refund");

        var first = await store.CheckStartAsync("A-1", ["i1", "i9"]);
        Assert.False(first.CorrelationCancelled);
        Assert.Equal(["i1"], first.ExistingInstanceIds);

        var second = await store.CheckStartAsync("A-2", ["i9"]);
        Assert.True(second.CorrelationCancelled);
        Assert.Empty(second.ExistingInstanceIds);

        var nothingAsked = await store.CheckStartAsync(null, []);
        Assert.False(nothingAsked.CorrelationCancelled);
        Assert.Empty(nothingAsked.ExistingInstanceIds);
        Assert.Equal(["i1"], (await store.CheckStartAsync(null, ["i1"])).ExistingInstanceIds);
    }
}
