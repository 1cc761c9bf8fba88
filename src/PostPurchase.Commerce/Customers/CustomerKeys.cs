using PostPurchase.Commerce.Purchases;

namespace PostPurchase.Commerce.Customers;

/// <summary>How two orders are recognised as the same customer's: the same email (case-insensitive) or provider customer id.</summary>
public static class CustomerKeys
{
    public static string? Email(Purchase purchase) =>
        string.IsNullOrWhiteSpace(purchase.Customer.Email) ? null : purchase.Customer.Email.Trim().ToLowerInvariant();

    public static string? ProviderCustomer(Purchase purchase) =>
        string.IsNullOrWhiteSpace(purchase.ProviderCustomerId) ? null : $"{purchase.Provider}:{purchase.ProviderCustomerId}";

    public static bool SameCustomer(Purchase a, Purchase b) =>
        (Email(a) is { } email && email == Email(b)) || (ProviderCustomer(a) is { } id && id == ProviderCustomer(b));
}
