namespace PostPurchase.Workflows.Runtime.Stores;

/// <summary>
/// The bookmark rows seen as work: claim the due ones (with a lease, so several replicas share the table and a dead
/// replica's claims expire), and look up event bookmarks by name.
/// </summary>
public interface IBookmarkQueue
{
    /// <summary>Claims up to <paramref name="max"/> bookmarks due at <paramref name="now"/> that nobody holds a live lease on.</summary>
    Task<IReadOnlyList<BookmarkRef>> ClaimDueAsync(DateTimeOffset now, string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Drops the lease so another claim can take the bookmark at once (after a conflict or a handled error).</summary>
    Task ReleaseAsync(string bookmarkId, string owner, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BookmarkRef>> FindByEventAsync(string eventName, string? instanceId, string? correlationId, CancellationToken cancellationToken = default);

    /// <summary>Event bookmarks of any instance whose (normalised) event name starts with <paramref name="prefix"/>, with that name (e.g. waiting HTTP endpoints, <c>http:</c>).</summary>
    Task<IReadOnlyList<(BookmarkRef Bookmark, string EventName)>> FindByEventPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>How many bookmarks are due at <paramref name="now"/> (for health and the fault test's "nothing stuck").</summary>
    Task<int> CountDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

public sealed record BookmarkRef(string BookmarkId, string InstanceId);
