using Microsoft.Extensions.Configuration;

namespace PostPurchase.Messaging;

/// <summary>
/// Who sends the messages, as the law asks them to say: the shop's name and support address (SMS HELP replies, US
/// 10DLC), its legal name and physical postal address (CAN-SPAM 15 U.S.C. 7704(a)(5); EU/UK sender identification).
/// Settings <c>Store__Name</c>, <c>Support__Email</c>, <c>Store__LegalName</c>, <c>Store__PostalAddress</c>.
/// </summary>
public sealed record SenderIdentity
{
    public string StoreName { get; init; } = "Our shop";
    public string SupportEmail { get; init; } = "support@localhost";

    /// <summary>The company's legal name; null when not configured.</summary>
    public string? LegalName { get; init; }

    /// <summary>One postal address, lines separated by commas or newlines; null when not configured.</summary>
    public string? PostalAddress { get; init; }

    /// <summary>"Acme Photo Ltd, 1 Main St, Springfield, IL 62701, USA" for the marketing footer; null until both are set.</summary>
    public string? PostalLine => LegalName is null && PostalAddress is null ? null
        : string.Join(", ", new[] { LegalName, PostalAddressLine }.Where(part => !string.IsNullOrWhiteSpace(part)));

    /// <summary>The postal address on one line ("1 Main St, Springfield, IL 62701, USA"); null when not configured.</summary>
    public string? PostalAddressLine => PostalAddress is null ? null
        : string.Join(", ", PostalAddress.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>True when both the legal name and the postal address are set.</summary>
    public bool HasPostalIdentity => LegalName is not null && PostalAddress is not null;

    public static SenderIdentity Read(IConfiguration configuration)
    {
        var defaults = new SenderIdentity();
        return new SenderIdentity
        {
            StoreName = MessagingSettings.Text(configuration, "Store:Name") ?? defaults.StoreName,
            SupportEmail = MessagingSettings.Text(configuration, "Support:Email") ?? defaults.SupportEmail,
            LegalName = MessagingSettings.Text(configuration, "Store:LegalName"),
            PostalAddress = MessagingSettings.Text(configuration, "Store:PostalAddress"),
        };
    }
}
