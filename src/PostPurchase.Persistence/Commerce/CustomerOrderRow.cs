using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PostPurchase.Persistence.Commerce;

/// <summary>One order we received, for customer history (previous orders, lifetime value).</summary>
public sealed class CustomerOrderRow
{
    public required string Provider { get; set; }
    public required string OrderId { get; set; }
    public string? Email { get; set; }
    public string? ProviderCustomer { get; set; }
    public long TotalMinor { get; set; }
    public required string Currency { get; set; }
    public long PurchasedAt { get; set; }
    public bool Refunded { get; set; }
}

internal sealed class CustomerOrderRowConfiguration : IEntityTypeConfiguration<CustomerOrderRow>
{
    public void Configure(EntityTypeBuilder<CustomerOrderRow> b)
    {
        b.ToTable("customer_orders");
        b.HasKey(x => new { x.Provider, x.OrderId });
        b.HasIndex(x => x.Email);
        b.HasIndex(x => x.ProviderCustomer);
    }
}
