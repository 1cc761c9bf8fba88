using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PostPurchase.Persistence.Commerce;

public sealed class InboxEventRow
{
    public required string Provider { get; set; }
    public required string EventId { get; set; }
    public required string EventType { get; set; }
    public required string Outcome { get; set; }
    public string? OrderId { get; set; }
    public string? WorkItemId { get; set; }
    public string? Note { get; set; }
    public long ReceivedAt { get; set; }
}

internal sealed class InboxEventRowConfiguration : IEntityTypeConfiguration<InboxEventRow>
{
    public void Configure(EntityTypeBuilder<InboxEventRow> b)
    {
        b.ToTable("inbox_events");
        b.HasKey(x => new { x.Provider, x.EventId });
        b.HasIndex(x => x.ReceivedAt);
    }
}
