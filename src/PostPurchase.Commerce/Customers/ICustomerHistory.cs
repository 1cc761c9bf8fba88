using PostPurchase.Commerce.Purchases;

namespace PostPurchase.Commerce.Customers;

/// <summary>What we know of a customer from the orders we received before.</summary>
/// <param name="PreviousOrderCount">Earlier orders that were not refunded.</param>
/// <param name="LifetimeValueMinor">Their total in minor units, counting only orders in the asked currency.</param>
public sealed record CustomerHistory(int PreviousOrderCount, long LifetimeValueMinor)
{
    public static readonly CustomerHistory None = new(0, 0);
}

/// <summary>Our own record of orders per customer (matched by email or the provider's customer id).</summary>
public interface ICustomerHistory
{
    /// <summary>The customer's history before <paramref name="purchase"/> (the order itself is never counted).</summary>
    Task<CustomerHistory> BeforeAsync(Purchase purchase, CancellationToken cancellationToken = default);

    /// <summary>Records the order; recording the same (provider, order id) again changes nothing.</summary>
    Task RecordAsync(Purchase purchase, CancellationToken cancellationToken = default);

    Task MarkRefundedAsync(string provider, string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Orders that were not refunded, of the customers with these emails (lower case) or provider customer keys
    /// (<see cref="CustomerKeys.ProviderCustomer"/>), purchased in [from, to), oldest first. One query for any number of
    /// customers, so a report does not ask once per customer.
    /// </summary>
    Task<IReadOnlyList<CustomerOrder>> ListOrdersAsync(IReadOnlyCollection<string> emails, IReadOnlyCollection<string> providerCustomers,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}

/// <param name="Email">The customer's lower-case email, when the order had one.</param>
/// <param name="ProviderCustomer">The customer's provider key (<see cref="CustomerKeys.ProviderCustomer"/>), when known.</param>
public sealed record CustomerOrder(
    string Provider, string OrderId, long TotalMinor, string Currency, DateTimeOffset PurchasedAt, string? Email = null, string? ProviderCustomer = null);
