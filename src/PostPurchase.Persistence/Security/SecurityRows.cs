using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PostPurchase.Persistence.Security;

/// <summary>A Studio user added on the users page or with the <c>users add</c> command.</summary>
public sealed class StudioUserRow
{
    public required string Name { get; set; }

    /// <summary>ASP.NET Core Identity <c>PasswordHasher</c> v3 format (PBKDF2, salted); null for single-sign-on users.</summary>
    public string? PasswordHash { get; set; }
    public required string Role { get; set; }
    public bool Disabled { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
}

/// <summary>One staff action: who, when (Unix ms, real time), what, on which target and version.</summary>
public sealed class AuditEntryRow
{
    public long Sequence { get; set; }
    public long At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public int? Version { get; set; }
    public string? Detail { get; set; }
}

internal sealed class StudioUserRowConfiguration : IEntityTypeConfiguration<StudioUserRow>
{
    public void Configure(EntityTypeBuilder<StudioUserRow> b)
    {
        b.ToTable("studio_users");
        b.HasKey(x => x.Name);
    }
}

internal sealed class AuditEntryRowConfiguration : IEntityTypeConfiguration<AuditEntryRow>
{
    public void Configure(EntityTypeBuilder<AuditEntryRow> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedOnAdd();
        b.HasIndex(x => x.At);
    }
}
