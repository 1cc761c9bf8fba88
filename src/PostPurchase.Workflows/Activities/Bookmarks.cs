using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Activities;

public enum BookmarkKind
{
    /// <summary>Resumes at <see cref="BookmarkRequest.DueAt"/>.</summary>
    Timer,

    /// <summary>Resumes when a named event is raised for the instance (or its correlation id); times out at DueAt if set.</summary>
    Event,
}

/// <summary>A wait an activity asks for. The runtime persists it as a bookmark row.</summary>
public sealed record BookmarkRequest(BookmarkKind Kind, string? EventName, DateTimeOffset? DueAt, JsonObject? Data = null)
{
    public static BookmarkRequest Timer(DateTimeOffset dueAt, JsonObject? data = null) => new(BookmarkKind.Timer, null, dueAt, data);

    public static BookmarkRequest Event(string name, DateTimeOffset? timeoutAt = null, JsonObject? data = null) =>
        new(BookmarkKind.Event, Normalize(name), timeoutAt, data);

    public static string Normalize(string eventName) => eventName.Trim().ToLowerInvariant();
}

public enum ResumptionKind
{
    /// <summary>A timer bookmark came due.</summary>
    TimerDue,

    /// <summary>The awaited event was raised.</summary>
    Event,

    /// <summary>An event bookmark's due time passed before the event arrived.</summary>
    Timeout,
}

/// <summary>Why and with what an activity is resumed.</summary>
public sealed record Resumption(ResumptionKind Kind, BookmarkRequest Bookmark, JsonNode? Payload);
