using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Model;

/// <summary>One line of an instance's execution log (Elsa's "workflow execution log record").</summary>
public sealed record JournalEntry
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string NodeId { get; init; }
    public required string ActivityType { get; init; }
    public string? ActivityName { get; init; }
    public required string EventName { get; init; }
    public string? Message { get; init; }
    public JsonNode? Payload { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public long Sequence { get; init; }
    public int ExecutionNumber { get; init; }
}

public static class JournalEvents
{
    public const string Started = "Started";
    public const string Completed = "Completed";
    public const string Suspended = "Suspended";
    public const string Resumed = "Resumed";
    public const string Faulted = "Faulted";
    public const string Retrying = "Retrying";
    public const string Cancelled = "Cancelled";
    public const string Note = "Note";
}
