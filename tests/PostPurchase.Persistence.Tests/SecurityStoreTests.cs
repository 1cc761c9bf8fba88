using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Persistence;
using PostPurchase.Persistence.Retention;
using PostPurchase.Persistence.Security;

namespace PostPurchase.Persistence.Tests;

/// <summary>Studio users and the audit trail (migration 0005) on both databases, including retention of the trail.</summary>
public sealed class SecurityStoreTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Users_are_added_re_roled_and_disabled(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var users = services.GetRequiredService<StudioUserStore>();
        var now = new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);

        await users.UpsertAsync("vera", "hash-1", "viewer", now);
        await users.UpsertAsync("eddie", "hash-2", "editor", now);
        Assert.True(await users.UpdateAsync("vera", "editor", disabled: true, now.AddMinutes(1)));
        Assert.False(await users.UpdateAsync("nobody", "admin", null, now));

        var vera = await users.FindAsync("vera");
        Assert.Equal(("editor", true, "hash-1", now.AddMinutes(1)), (vera!.Role, vera.Disabled, vera.PasswordHash, vera.UpdatedAt));
        await users.UpsertAsync("vera", "hash-3", "viewer", now.AddMinutes(2)); // re-adding resets password and enables
        vera = await users.FindAsync("vera");
        Assert.Equal(("viewer", false, "hash-3"), (vera!.Role, vera.Disabled, vera.PasswordHash));
        Assert.Equal(["eddie", "vera"], (await users.ListAsync()).Select(u => u.Name));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_audit_trail_lists_newest_first_filters_pages_and_is_pruned_by_retention(DatabaseProvider provider)
    {
        await using var services = await TestDatabase.StoresAsync(provider);
        var trail = services.GetRequiredService<AuditTrail>();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await trail.RecordAsync(start, "eddie", "definition.publish", "greeting", 2, "published");
        await trail.RecordAsync(start.AddDays(100), "admin", "user.add", "vera", null, "role viewer");
        await trail.RecordAsync(start.AddDays(200), "api-key-1", "definition.retract", "greeting", 2, null);

        var all = await trail.ListAsync(10);
        Assert.Equal(["definition.retract", "user.add", "definition.publish"], all.Select(e => e.Action));
        Assert.Equal(start, all[^1].At);
        Assert.Equal(2, all[^1].Version);
        Assert.Equal(["definition.retract", "definition.publish"], (await trail.ListAsync(10, target: "greeting")).Select(e => e.Action));
        Assert.Equal(["user.add"], (await trail.ListAsync(10, actor: "admin")).Select(e => e.Action));
        Assert.Equal(["user.add", "definition.publish"], (await trail.ListAsync(10, before: all[0].Sequence)).Select(e => e.Action));

        var pruned = await services.GetRequiredService<DatabasePruner>()
            .PruneAsync(RetentionPolicy.Default with { AuditEntries = TimeSpan.FromDays(120) }, start.AddDays(250), start.AddDays(250));
        Assert.Equal(2, pruned.AuditEntries);
        Assert.Equal(["definition.retract"], (await trail.ListAsync(10)).Select(e => e.Action));
    }
}
