namespace PostPurchase.Persistence;

/// <summary>Times are stored as Unix milliseconds (UTC) so SQLite and PostgreSQL both index, compare and order them.</summary>
internal static class UnixTime
{
    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds();

    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? At(long? ms) => ms is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);
}
