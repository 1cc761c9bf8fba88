using Microsoft.EntityFrameworkCore;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;

namespace PostPurchase.Persistence.Messaging;

/// <summary>
/// Consent history as an append-only table; the latest row (by time, then insertion) is the current state. Rows of an
/// erased customer hold the address's keyed hash (<see cref="SuppressionHash"/>) instead of the address; lookups match both.
/// </summary>
public sealed class EfConsentStore(IDbContextFactory<PostPurchaseDbContext> contexts, SuppressionHash? hashes = null) : IConsentStore
{
    public async Task RecordAsync(ConsentChange change, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(new ConsentChangeRow
        {
            Channel = (int)change.Channel,
            Address = change.Address,
            Status = (int)change.Status,
            Source = change.Source,
            At = UnixTime.Ms(change.At),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<ConsentChange?> GetCurrentAsync(Channel channel, string address, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await Changes(db, channel, address)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToChange(row);
    }

    public async Task<IReadOnlyList<ConsentChange>> HistoryAsync(Channel channel, string address, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Changes(db, channel, address).OrderBy(c => c.At).ThenBy(c => c.Sequence).ToListAsync(cancellationToken);
        return rows.Select(ToChange).ToList();
    }

    private IQueryable<ConsentChangeRow> Changes(PostPurchaseDbContext db, Channel channel, string address)
    {
        var hashed = hashes?.For(channel, address) ?? address;
        return db.Set<ConsentChangeRow>().AsNoTracking().Where(c => c.Channel == (int)channel && (c.Address == address || c.Address == hashed));
    }

    private static ConsentChange ToChange(ConsentChangeRow r) =>
        new((Channel)r.Channel, r.Address, (ConsentStatus)r.Status, r.Source, UnixTime.At(r.At));
}
