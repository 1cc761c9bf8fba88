using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PostPurchase.Persistence.Messaging;

public sealed class SendRecordRow
{
    public required string IdempotencyKey { get; set; }
    public int Channel { get; set; }
    public int Category { get; set; }
    public required string Recipient { get; set; }
    public int Status { get; set; }
    public long CreatedAt { get; set; }
    public long? CompletedAt { get; set; }
    public string? WorkflowInstanceId { get; set; }
    public string? DefinitionId { get; set; }
    public string? ActivityId { get; set; }
    public string? Subject { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? Detail { get; set; }
    public string? ReasonClass { get; set; }
    public int Segments { get; set; }
    public string? DeliveryStatus { get; set; }
    public string? DeliveryErrorCode { get; set; }
    public long? DeliveryUpdatedAt { get; set; }
    public long? ClaimedAt { get; set; }
}

public sealed class ConsentChangeRow
{
    public long Sequence { get; set; }
    public int Channel { get; set; }
    public required string Address { get; set; }
    public int Status { get; set; }
    public required string Source { get; set; }
    public long At { get; set; }
}

public sealed class ReviewRequestRow
{
    public required string Id { get; set; }
    public required string WorkflowInstanceId { get; set; }
    public int Scale { get; set; }
    public int Threshold { get; set; }
    public string? PublicReviewUrl { get; set; }
    public string? OrderId { get; set; }
    public string? CustomerName { get; set; }
    public long CreatedAt { get; set; }
    public long ExpiresAt { get; set; }
}

public sealed class ReviewRow
{
    public required string RequestId { get; set; }
    public required string WorkflowInstanceId { get; set; }
    public int Scale { get; set; }
    public int Rating { get; set; }
    public string? Comment { get; set; }
    public bool IsPositive { get; set; }
    public string? OrderId { get; set; }
    public long SubmittedAt { get; set; }
}

internal sealed class SendRecordRowConfiguration : IEntityTypeConfiguration<SendRecordRow>
{
    public void Configure(EntityTypeBuilder<SendRecordRow> b)
    {
        b.ToTable("send_records");
        b.HasKey(x => x.IdempotencyKey);
        b.HasIndex(x => new { x.Channel, x.Recipient, x.CreatedAt });
        b.HasIndex(x => x.ProviderMessageId);
        b.HasIndex(x => x.WorkflowInstanceId);
    }
}

internal sealed class ConsentChangeRowConfiguration : IEntityTypeConfiguration<ConsentChangeRow>
{
    public void Configure(EntityTypeBuilder<ConsentChangeRow> b)
    {
        b.ToTable("consent_changes");
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedOnAdd();
        b.HasIndex(x => new { x.Channel, x.Address, x.At });
    }
}

internal sealed class ReviewRequestRowConfiguration : IEntityTypeConfiguration<ReviewRequestRow>
{
    public void Configure(EntityTypeBuilder<ReviewRequestRow> b)
    {
        b.ToTable("review_requests");
        b.HasKey(x => x.Id);
    }
}

internal sealed class ReviewRowConfiguration : IEntityTypeConfiguration<ReviewRow>
{
    public void Configure(EntityTypeBuilder<ReviewRow> b)
    {
        b.ToTable("reviews");
        b.HasKey(x => x.RequestId);
        b.HasIndex(x => x.SubmittedAt);
    }
}
