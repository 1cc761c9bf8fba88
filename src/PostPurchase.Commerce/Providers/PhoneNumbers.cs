namespace PostPurchase.Commerce.Providers;

/// <summary>Keeps a phone number only when it already is (or trivially becomes) E.164; we never guess a country.</summary>
public static class PhoneNumbers
{
    public static string? ToE164(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var trimmed = raw.Trim();
        var plus = trimmed.StartsWith('+') || trimmed.StartsWith("00", StringComparison.Ordinal);
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        if (trimmed.StartsWith("00", StringComparison.Ordinal)) digits = digits[2..];
        if (!plus || digits.Length is < 8 or > 15 || digits[0] == '0') return null;
        return trimmed.Any(c => !(char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.')) ? null : "+" + digits;
    }
}
