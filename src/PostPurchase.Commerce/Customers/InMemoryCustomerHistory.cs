using PostPurchase.Commerce.Purchases;

namespace PostPurchase.Commerce.Customers;

public sealed class InMemoryCustomerHistory : ICustomerHistory
{
    private sealed record Order(Purchase Purchase, bool Refunded);

    private readonly Dictionary<(string Provider, string OrderId), Order> _orders = new();
    private readonly Lock _lock = new();

    public Task<CustomerHistory> BeforeAsync(Purchase purchase, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var earlier = _orders.Values
                .Where(o => !o.Refunded && o.Purchase.OrderId != purchase.OrderId && CustomerKeys.SameCustomer(o.Purchase, purchase))
                .Select(o => o.Purchase).ToList();
            return Task.FromResult(new CustomerHistory(
                earlier.Count,
                earlier.Where(p => p.Currency.Equals(purchase.Currency, StringComparison.OrdinalIgnoreCase)).Sum(p => p.TotalMinor)));
        }
    }

    public Task RecordAsync(Purchase purchase, CancellationToken cancellationToken = default)
    {
        lock (_lock) _orders.TryAdd((purchase.Provider, purchase.OrderId), new Order(purchase, false));
        return Task.CompletedTask;
    }

    public Task MarkRefundedAsync(string provider, string orderId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            if (_orders.TryGetValue((provider, orderId), out var order)) _orders[(provider, orderId)] = order with { Refunded = true };
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CustomerOrder>> ListOrdersAsync(IReadOnlyCollection<string> emails, IReadOnlyCollection<string> providerCustomers,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var emailSet = emails.ToHashSet();
        var customerSet = providerCustomers.ToHashSet();
        lock (_lock)
            return Task.FromResult<IReadOnlyList<CustomerOrder>>(_orders.Values
                .Where(o => !o.Refunded && o.Purchase.PurchasedAt >= from && o.Purchase.PurchasedAt < to)
                .Select(o => (o.Purchase, Email: CustomerKeys.Email(o.Purchase), Customer: CustomerKeys.ProviderCustomer(o.Purchase)))
                .Where(o => (o.Email is not null && emailSet.Contains(o.Email)) || (o.Customer is not null && customerSet.Contains(o.Customer)))
                .OrderBy(o => o.Purchase.PurchasedAt)
                .Select(o => new CustomerOrder(o.Purchase.Provider, o.Purchase.OrderId, o.Purchase.TotalMinor, o.Purchase.Currency.ToUpperInvariant(),
                    o.Purchase.PurchasedAt, o.Email, o.Customer))
                .ToList());
    }
}
