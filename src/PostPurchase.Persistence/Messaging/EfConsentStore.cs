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
        // Asked before every message: plain SQL, one round trip (matching the address or its erased form, as Changes does).
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = new SqlBatch(db.Model);
        var hashed = hashes?.For(channel, address) ?? address;
        query.Statement(
            $"""
            SELECT "Address", "Status", "Source", "At" FROM consent_changes
            WHERE "Channel" = {query.Parameter((int)channel)} AND ("Address" = {query.Parameter(address)} OR "Address" = {query.Parameter(hashed)})
            ORDER BY "At" DESC, "Sequence" DESC LIMIT 1
            """);
        var rows = await query.QueryAsync(db, r => new ConsentChange(channel, r.GetString(0), (ConsentStatus)Convert.ToInt32(r.GetValue(1)), r.GetString(2), UnixTime.At(r.GetInt64(3))), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
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
