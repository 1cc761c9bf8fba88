namespace PostPurchase.Commerce.Verification;

/// <summary>
/// Wall-clock time for signature tolerance checks. Deliberately a separate type from the workflow clock (which may
/// be accelerated): a signature's age is always measured against real time.
/// </summary>
public sealed class RealTime(TimeProvider provider)
{
    public static readonly RealTime System = new(TimeProvider.System);

    public DateTimeOffset UtcNow => provider.GetUtcNow();
}
