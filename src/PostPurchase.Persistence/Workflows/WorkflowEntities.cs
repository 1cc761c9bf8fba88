using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PostPurchase.Persistence.Workflows;

public sealed class DefinitionRow
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public long CreatedAt { get; set; }
    public string? Source { get; set; }
    public required string Document { get; set; }
}

public sealed class InstanceRow
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }
    public int DefinitionVersion { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public int Status { get; set; }
    public int SubStatus { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? FinishedAt { get; set; }
    public int Revision { get; set; }
    public int IncidentCount { get; set; }
    public required string State { get; set; }
}

public sealed class BookmarkRow
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public int Type { get; set; }
    public string? EventName { get; set; }
    public string? CorrelationId { get; set; }
    public long? DueAt { get; set; }
    public string? LeaseOwner { get; set; }
    public long? LeaseUntil { get; set; }
}

public sealed class JournalRow
{
    public long Sequence { get; set; }
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string NodeId { get; set; }
    public required string ActivityType { get; set; }
    public string? ActivityName { get; set; }
    public required string EventName { get; set; }
    public string? Message { get; set; }
    public string? Payload { get; set; }
    public long Timestamp { get; set; }
    public int ExecutionNumber { get; set; }
}

public sealed class WorkItemRow
{
    public required string Id { get; set; }
    public int Kind { get; set; }
    public string? ActivityType { get; set; }
    public string? EventName { get; set; }
    public string? InstanceId { get; set; }
    public string? CorrelationId { get; set; }
    public string? Payload { get; set; }
    public string? Reason { get; set; }
    public long CreatedAt { get; set; }
    public int Attempts { get; set; }
    public long NotBefore { get; set; }
    public string? LeaseOwner { get; set; }
    public long? LeaseUntil { get; set; }
    public string? LastError { get; set; }
}

public sealed class CancelledCorrelationRow
{
    public required string CorrelationId { get; set; }
    public string? Reason { get; set; }
    public long CreatedAt { get; set; }
}

internal sealed class DefinitionRowConfiguration : IEntityTypeConfiguration<DefinitionRow>
{
    public void Configure(EntityTypeBuilder<DefinitionRow> b)
    {
        b.ToTable("workflow_definitions");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
        b.HasIndex(x => x.IsPublished);
    }
}

internal sealed class InstanceRowConfiguration : IEntityTypeConfiguration<InstanceRow>
{
    public void Configure(EntityTypeBuilder<InstanceRow> b)
    {
        b.ToTable("workflow_instances");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.CorrelationId);
        b.HasIndex(x => new { x.DefinitionId, x.CreatedAt, x.Id }); // the Studio's instance list: newest first, paged
        b.HasIndex(x => new { x.CreatedAt, x.Id });
        b.HasIndex(x => new { x.Status, x.FinishedAt });
    }
}

internal sealed class BookmarkRowConfiguration : IEntityTypeConfiguration<BookmarkRow>
{
    public void Configure(EntityTypeBuilder<BookmarkRow> b)
    {
        b.ToTable("bookmarks");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.InstanceId);
        b.HasIndex(x => x.DueAt);
        b.HasIndex(x => new { x.EventName, x.CorrelationId });
    }
}

internal sealed class JournalRowConfiguration : IEntityTypeConfiguration<JournalRow>
{
    public void Configure(EntityTypeBuilder<JournalRow> b)
    {
        b.ToTable("journal");
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedOnAdd();
        b.HasIndex(x => new { x.InstanceId, x.Sequence });
    }
}

internal sealed class WorkItemRowConfiguration : IEntityTypeConfiguration<WorkItemRow>
{
    public void Configure(EntityTypeBuilder<WorkItemRow> b)
    {
        b.ToTable("work_items");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.NotBefore);
        b.HasIndex(x => x.CreatedAt); // the claim takes the oldest first: an ordered scan, not a sort of the whole backlog
    }
}

internal sealed class CancelledCorrelationRowConfiguration : IEntityTypeConfiguration<CancelledCorrelationRow>
{
    public void Configure(EntityTypeBuilder<CancelledCorrelationRow> b)
    {
        b.ToTable("cancelled_correlations");
        b.HasKey(x => x.CorrelationId);
    }
}
