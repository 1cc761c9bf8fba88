namespace PostPurchase.Messaging.Gateway;

public enum Channel
{
    Email,
    Sms,
}

/// <summary>Transactional messages (receipts, shipping) need no marketing consent and are never capped.</summary>
public enum MessageCategory
{
    Transactional,
    Marketing,
}

public static class MessageCategories
{
    public static MessageCategory Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "transactional" => MessageCategory.Transactional,
        "marketing" => MessageCategory.Marketing,
        _ => throw new ArgumentException($"Category '{text}' is not transactional or marketing."),
    };
}
