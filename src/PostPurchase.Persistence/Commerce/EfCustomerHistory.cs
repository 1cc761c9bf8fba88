using Microsoft.EntityFrameworkCore;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Purchases;

namespace PostPurchase.Persistence.Commerce;

/// <summary>
/// The customer-history table (<c>customer_orders</c>). The per-webhook read (<see cref="BeforeAsync"/>) of concurrent
/// deliveries is made as one query (<see cref="RequestBatcher{TRequest,TResult}"/>).
/// </summary>
public sealed class EfCustomerHistory : ICustomerHistory
{
    private readonly IDbContextFactory<PostPurchaseDbContext> _contexts;
    private readonly RequestBatcher<Purchase, CustomerHistory> _reads;

    public EfCustomerHistory(IDbContextFactory<PostPurchaseDbContext> contexts)
    {
        _contexts = contexts;
        _reads = new(BeforeAllAsync, async (purchase, ct) => (await BeforeAllAsync([purchase], ct))[0]);
    }

    public Task<CustomerHistory> BeforeAsync(Purchase purchase, CancellationToken cancellationToken = default) =>
        CustomerKeys.Email(purchase) is null && CustomerKeys.ProviderCustomer(purchase) is null
            ? Task.FromResult(CustomerHistory.None)
            : _reads.RunAsync(purchase, cancellationToken);

    /// <summary>One round trip for many purchases: a <c>SELECT</c> per purchase, joined by <c>UNION ALL</c> and told apart by its index.</summary>
    private async Task<IReadOnlyList<CustomerHistory>> BeforeAllAsync(IReadOnlyList<Purchase> purchases, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var query = new SqlBatch(db.Model);
        var selects = purchases.Select((purchase, i) =>
        {
            var same = new List<string>();
            if (CustomerKeys.Email(purchase) is { } email) same.Add($"\"Email\" = {query.Parameter(email)}");
            if (CustomerKeys.ProviderCustomer(purchase) is { } customer) same.Add($"\"ProviderCustomer\" = {query.Parameter(customer)}");
            return $"""
                SELECT {i}, "TotalMinor", "Currency" FROM customer_orders
                WHERE NOT "Refunded" AND NOT ("Provider" = {query.Parameter(purchase.Provider)} AND "OrderId" = {query.Parameter(purchase.OrderId)})
                    AND ({string.Join(" OR ", same)})
                """;
        });
        query.Statement(string.Join("\nUNION ALL\n", selects));
        var earlier = (await query.QueryAsync(db, r => (Purchase: r.GetInt32(0), TotalMinor: r.GetInt64(1), Currency: r.GetString(2)), cancellationToken))
            .ToLookup(o => o.Purchase);
        return purchases.Select((purchase, i) => new CustomerHistory(
            earlier[i].Count(),
            earlier[i].Where(o => o.Currency.Equals(purchase.Currency, StringComparison.OrdinalIgnoreCase)).Sum(o => o.TotalMinor))).ToList();
    }

    public async Task RecordAsync(Purchase purchase, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
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
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
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
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<CustomerOrderRow>().AsNoTracking()
            .Where(o => !o.Refunded && o.PurchasedAt >= fromMs && o.PurchasedAt < toMs)
            .Where(o => (o.Email != null && emailList.Contains(o.Email)) || (o.ProviderCustomer != null && customerList.Contains(o.ProviderCustomer)))
            .OrderBy(o => o.PurchasedAt)
            .ToListAsync(cancellationToken);
        return rows.Select(o => new CustomerOrder(o.Provider, o.OrderId, o.TotalMinor, o.Currency, UnixTime.At(o.PurchasedAt), o.Email, o.ProviderCustomer)).ToList();
    }
}
