using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PostPurchase.Persistence.Engagement;

/// <summary>A journey fact for reports (<see cref="PostPurchase.Workflows.Reporting.JourneyEvent"/>).</summary>
public sealed class JourneyEventRow
{
    public long Sequence { get; set; }
    public required string DefinitionId { get; set; }
    public required string InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string Kind { get; set; }
    public string? Detail { get; set; }
    public double? Value { get; set; }
    public string? MessageKey { get; set; }
    public string? CustomerEmail { get; set; }
    public string? CustomerId { get; set; }
    public string? AgentClass { get; set; }
    public long At { get; set; }
}

public sealed class TrackedLinkRow
{
    public required string Id { get; set; }
    public required string Url { get; set; }
    public required string MessageKey { get; set; }
    public required string DefinitionId { get; set; }
    public required string InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public long CreatedAt { get; set; }
}

internal sealed class JourneyEventRowConfiguration : IEntityTypeConfiguration<JourneyEventRow>
{
    public void Configure(EntityTypeBuilder<JourneyEventRow> b)
    {
        b.ToTable("journey_events");
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedOnAdd();
        b.HasIndex(x => new { x.DefinitionId, x.At });
        b.HasIndex(x => new { x.InstanceId, x.Kind });
        b.HasIndex(x => x.At);
    }
}

internal sealed class TrackedLinkRowConfiguration : IEntityTypeConfiguration<TrackedLinkRow>
{
    public void Configure(EntityTypeBuilder<TrackedLinkRow> b)
    {
        b.ToTable("tracked_links");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.CreatedAt);
    }
}
