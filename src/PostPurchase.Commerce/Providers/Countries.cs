namespace PostPurchase.Commerce.Providers;

/// <summary>Country codes as providers send them, kept only when they are ISO 3166-1 alpha-2 ("us" → "US").</summary>
public static class Countries
{
    /// <summary>The upper-case alpha-2 code, or null when <paramref name="code"/> is not two ASCII letters.</summary>
    public static string? Alpha2(string? code)
    {
        var trimmed = code?.Trim();
        return trimmed is { Length: 2 } && trimmed.All(char.IsAsciiLetter) ? trimmed.ToUpperInvariant() : null;
    }
}
