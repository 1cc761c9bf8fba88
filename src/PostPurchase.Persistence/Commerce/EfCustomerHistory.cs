using Microsoft.EntityFrameworkCore;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Purchases;

namespace PostPurchase.Persistence.Commerce;

public sealed class EfCustomerHistory(IDbContextFactory<PostPurchaseDbContext> contexts) : ICustomerHistory
{
    public async Task<CustomerHistory> BeforeAsync(Purchase purchase, CancellationToken cancellationToken = default)
    {
        var email = CustomerKeys.Email(purchase);
        var customer = CustomerKeys.ProviderCustomer(purchase);
        if (email is null && customer is null) return CustomerHistory.None;

        // Asked on every purchase webhook: plain SQL, one round trip.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = new SqlBatch(db.Model);
        var same = new List<string>();
        if (email is not null) same.Add($"\"Email\" = {query.Parameter(email)}");
        if (customer is not null) same.Add($"\"ProviderCustomer\" = {query.Parameter(customer)}");
        query.Statement(
            $"""
            SELECT "TotalMinor", "Currency" FROM customer_orders
            WHERE NOT "Refunded" AND NOT ("Provider" = {query.Parameter(purchase.Provider)} AND "OrderId" = {query.Parameter(purchase.OrderId)})
                AND ({string.Join(" OR ", same)})
            """);
        var earlier = await query.QueryAsync(db, r => (TotalMinor: r.GetInt64(0), Currency: r.GetString(1)), cancellationToken);
        return new CustomerHistory(
            earlier.Count,
            earlier.Where(o => o.Currency.Equals(purchase.Currency, StringComparison.OrdinalIgnoreCase)).Sum(o => o.TotalMinor));
    }

    public async Task RecordAsync(Purchase purchase, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<CustomerOrderRow>().AnyAsync(o => o.Provider == purchase.Provider && o.OrderId == purchase.OrderId, cancellationToken)) return;
        db.Add(ToRow(purchase));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Recorded concurrently by another replica: the row is there, which is all we wanted.
        }
    }

    /// <summary>The history row of a purchase (also written by the inbox, in the webhook's transaction).</summary>
    internal static CustomerOrderRow ToRow(Purchase purchase) => new()
    {
        Provider = purchase.Provider,
        OrderId = purchase.OrderId,
        Email = CustomerKeys.Email(purchase),
        ProviderCustomer = CustomerKeys.ProviderCustomer(purchase),
        TotalMinor = purchase.TotalMinor,
        Currency = purchase.Currency.ToUpperInvariant(),
        PurchasedAt = UnixTime.Ms(purchase.PurchasedAt),
    };

    public async Task MarkRefundedAsync(string provider, string orderId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<CustomerOrderRow>().Where(o => o.Provider == provider && o.OrderId == orderId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Refunded, true), cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerOrder>> ListOrdersAsync(IReadOnlyCollection<string> emails, IReadOnlyCollection<string> providerCustomers,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (emails.Count == 0 && providerCustomers.Count == 0) return [];
        long fromMs = UnixTime.Ms(from), toMs = UnixTime.Ms(to);
        var emailList = emails.Distinct().ToList();
        var customerList = providerCustomers.Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<CustomerOrderRow>().AsNoTracking()
            .Where(o => !o.Refunded && o.PurchasedAt >= fromMs && o.PurchasedAt < toMs)
            .Where(o => (o.Email != null && emailList.Contains(o.Email)) || (o.ProviderCustomer != null && customerList.Contains(o.ProviderCustomer)))
            .OrderBy(o => o.PurchasedAt)
            .ToListAsync(cancellationToken);
        return rows.Select(o => new CustomerOrder(o.Provider, o.OrderId, o.TotalMinor, o.Currency, UnixTime.At(o.PurchasedAt), o.Email, o.ProviderCustomer)).ToList();
    }
}
