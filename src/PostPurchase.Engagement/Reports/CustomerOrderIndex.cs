using PostPurchase.Commerce.Customers;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Engagement.Reports;

/// <summary>The orders a report needs, loaded in one query and looked up per journey's customer in memory.</summary>
public sealed class CustomerOrderIndex
{
    private readonly ILookup<string, CustomerOrder> _byEmail;
    private readonly ILookup<string, CustomerOrder> _byProviderCustomer;

    private CustomerOrderIndex(IReadOnlyList<CustomerOrder> orders)
    {
        _byEmail = orders.Where(o => o.Email is not null).ToLookup(o => o.Email!);
        _byProviderCustomer = orders.Where(o => o.ProviderCustomer is not null).ToLookup(o => o.ProviderCustomer!);
    }

    /// <summary>The orders in [from, to) of every customer among <paramref name="customers"/> (<see cref="JourneyEventKinds.Customer"/> facts).</summary>
    public static async Task<CustomerOrderIndex> LoadAsync(ICustomerHistory history, IEnumerable<JourneyEvent> customers,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var list = customers.ToList();
        var emails = list.Select(c => c.CustomerEmail).OfType<string>().ToHashSet();
        var providerCustomers = list.Select(c => c.CustomerId).OfType<string>().ToHashSet();
        return new CustomerOrderIndex(await history.ListOrdersAsync(emails, providerCustomers, from, to, cancellationToken));
    }

    /// <summary>The customer's orders (matched by email or provider customer key), oldest first.</summary>
    public IReadOnlyList<CustomerOrder> For(JourneyEvent customer)
    {
        var byEmail = customer.CustomerEmail is { } email ? _byEmail[email] : [];
        var byId = customer.CustomerId is { } id ? _byProviderCustomer[id] : [];
        return byEmail.Concat(byId).DistinctBy(o => (o.Provider, o.OrderId)).OrderBy(o => o.PurchasedAt).ToList();
    }
}
