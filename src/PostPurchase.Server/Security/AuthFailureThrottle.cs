using System.Collections.Concurrent;
using System.Net;

namespace PostPurchase.Server.Security;

/// <summary>
/// Slows online guessing of Studio passwords and API keys. Failures are counted per client address and per
/// account + address; after <see cref="FreeFailures"/> failures (forgotten <see cref="Window"/> after the last one or its wait) the
/// key is refused for <see cref="FirstLockout"/>, doubling with every further failure up to <see cref="MaxLockout"/>.
/// An account is never locked for everyone: only the addresses that failed are refused, so the right password from
/// another address still works. State is in memory, per replica (see README, "Security").
/// </summary>
public sealed class AuthFailureThrottle(TimeProvider clock)
{
    /// <summary>Failures answered normally (401) before the key is refused with 429.</summary>
    public const int FreeFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan FirstLockout = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    private const int SweepThreshold = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How long the address (and, when given, the account from that address) must still wait; null when allowed.</summary>
    public TimeSpan? RetryAfter(IPAddress? address, string? account = null)
    {
        var now = clock.GetUtcNow();
        var wait = Wait(AddressKey(address), now);
        if (account is not null) wait = Max(wait, Wait(AccountKey(account, address), now));
        return wait;
    }

    /// <summary>Counts a failure; returns the wait to announce (429) from the failure after the free ones on, else null.</summary>
    public TimeSpan? RecordFailure(IPAddress? address, string? account = null)
    {
        var now = clock.GetUtcNow();
        var wait = Record(AddressKey(address), now);
        if (account is not null) wait = Max(wait, Record(AccountKey(account, address), now));
        if (_entries.Count > SweepThreshold) Sweep(now);
        return wait;
    }

    /// <summary>A successful sign-in forgets that account's failures from that address (not the address's own count).</summary>
    public void RecordSuccess(IPAddress? address, string account) => _entries.TryRemove(AccountKey(account, address), out _);

    private TimeSpan? Wait(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && entry.LockedUntil > now ? entry.LockedUntil - now : null;

    private TimeSpan? Record(string key, DateTimeOffset now)
    {
        var entry = _entries.AddOrUpdate(key,
            _ => Next(0, now),
            (_, old) => Next(old.IsForgotten(now) ? 0 : old.Failures, now));
        // The failure that starts the first lock is still one of the free ones (answered 401); later ones answer 429.
        return entry.Failures > FreeFailures ? entry.LockedUntil - now : null;
    }

    private static Entry Next(int previousFailures, DateTimeOffset now)
    {
        var failures = previousFailures + 1;
        return new Entry(failures, now, failures < FreeFailures ? DateTimeOffset.MinValue : now + Lockout(failures));
    }

    /// <summary>1 minute at the 5th failure, doubling per further failure, at most 15 minutes.</summary>
    public static TimeSpan Lockout(int failures)
    {
        var doublings = Math.Min(failures - FreeFailures, 10);
        var lockout = FirstLockout * Math.Pow(2, Math.Max(0, doublings));
        return lockout > MaxLockout ? MaxLockout : lockout;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
            if (entry.IsForgotten(now)) _entries.TryRemove(key, out _);
    }

    private static string AddressKey(IPAddress? address) => "a|" + Normalize(address);

    private static string AccountKey(string account, IPAddress? address) => "u|" + account.Trim().ToLowerInvariant() + "|" + Normalize(address);

    private static string Normalize(IPAddress? address) =>
        address is null ? "unknown" : address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset LockedUntil)
    {
        /// <summary>Failures are forgotten <see cref="Window"/> after the last one or after its wait ends, whichever is later.</summary>
        public bool IsForgotten(DateTimeOffset now) => now - (LockedUntil > LastFailure ? LockedUntil : LastFailure) > Window;
    }
}
