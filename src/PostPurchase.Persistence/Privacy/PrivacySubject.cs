using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Persistence.Privacy;

/// <summary>
/// Whose data a privacy request (access or erasure) is about: an email address, a phone number, or both.
/// The email is compared case-insensitively (<see cref="Addresses.NormalizeEmail"/>); the phone as E.164 (a leading
/// plus and digits; spaces, dashes, dots and brackets typed around the digits are ignored).
/// </summary>
public sealed record PrivacySubject
{
    private PrivacySubject(string? email, string? phone)
    {
        Email = email;
        Phone = phone;
    }

    /// <summary>Lower-case email, or null.</summary>
    public string? Email { get; }

    /// <summary>E.164 phone (<c>+14155550100</c>), or null.</summary>
    public string? Phone { get; }

    /// <summary>The phone's digits without the plus (how a phone survives JSON escaping and formatting).</summary>
    public string? PhoneDigits => Phone?[1..];

    /// <summary>The subject, or an error message when neither a plausible email nor phone number is given.</summary>
    public static PrivacySubject? TryCreate(string? email, string? phone, out string error)
    {
        error = "";
        email = string.IsNullOrWhiteSpace(email) ? null : Addresses.NormalizeEmail(email);
        if (email is not null && (email.Length > 320 || email.IndexOf('@') is <= 0 || email.IndexOf('@') == email.Length - 1))
        {
            error = "email is not an email address.";
            return null;
        }

        string? e164 = null;
        if (!string.IsNullOrWhiteSpace(phone))
        {
            var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
            var stripped = phone.Trim().Where(c => c is not (' ' or '-' or '.' or '(' or ')')).ToArray();
            e164 = "+" + digits;
            if (stripped.Length == 0 || stripped[0] != '+' || !Addresses.IsE164(new string(stripped)))
            {
                error = "phone must be an E.164 number such as +14155550100.";
                return null;
            }
        }

        if (email is null && e164 is null)
        {
            error = "Give email or phone (or both).";
            return null;
        }

        return new PrivacySubject(email, e164);
    }

    /// <summary>For logs and the audit trail: masked, never the full address.</summary>
    public string Masked => string.Join(" ", new[] { Email, Phone }.Where(a => a is not null).Select(Addresses.Mask));
}
