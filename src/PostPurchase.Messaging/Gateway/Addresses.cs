using System.Net.Mail;
using System.Text.RegularExpressions;

namespace PostPurchase.Messaging.Gateway;

/// <summary>Address checks and the normal form used as the key of send records and the suppression list.</summary>
public static partial class Addresses
{
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static bool IsValidEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim() && parsed.Host.Contains('.');

    /// <summary>E.164: a plus, a country code that does not start with 0, at most 15 digits in all.</summary>
    public static bool IsE164(string? phone) => phone is not null && E164().IsMatch(phone);

    public static string Normalize(Channel channel, string address) =>
        channel == Channel.Email ? NormalizeEmail(address) : address.Trim();

    /// <summary>For logs: j***@example.com, +1415***0100.</summary>
    public static string Mask(string? address)
    {
        if (string.IsNullOrEmpty(address)) return "(none)";
        var at = address.IndexOf('@');
        if (at > 0) return address[0] + "***" + address[at..];
        return address.Length > 8 ? address[..5] + "***" + address[^4..] : "***";
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
