using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Model;

/// <summary>The serialisable state of an instance: what the runner needs to continue after any suspension or crash.</summary>
public sealed class WorkflowState
{
    public JsonObject Input { get; set; } = new();

    /// <summary>Variable values by variable name.</summary>
    public Dictionary<string, JsonNode?> Variables { get; set; } = new();

    /// <summary>Activity outputs: activity id → output name → value.</summary>
    public Dictionary<string, JsonObject> Outputs { get; set; } = new();

    /// <summary>Per activity execution state ("{activityId}:{executionNumber}").</summary>
    public Dictionary<string, JsonObject> ActivityStates { get; set; } = new();

    /// <summary>How many times each activity was entered.</summary>
    public Dictionary<string, int> ExecutionCounts { get; set; } = new();

    public List<Bookmark> Bookmarks { get; set; } = new();

    /// <summary>Activities waiting to run (normally empty between runs).</summary>
    public List<string> Queue { get; set; } = new();

    /// <summary>Tokens that arrived at an activity with several inbound connections: target id → source ids.</summary>
    public Dictionary<string, List<string>> Arrivals { get; set; } = new();

    public List<Incident> Incidents { get; set; } = new();

    /// <summary>Set while Faulted: where a retry starts again.</summary>
    public FaultInfo? Fault { get; set; }

    /// <summary>The workflow's outputs by name (Elsa.SetOutput), handed to a parent that ran it as an activity.</summary>
    public JsonObject Output { get; set; } = new();

    /// <summary>The outcomes the workflow finished with (Elsa.Complete; empty means Done).</summary>
    public List<string> Outcomes { get; set; } = new();

    /// <summary>Free-form per-instance facts recorded by activities (split branch, token usage, cancel reason…).</summary>
    public JsonObject Properties { get; set; } = new();

    public JsonObject GetActivityState(string activityId, int executionNumber)
    {
        var key = $"{activityId}:{executionNumber}";
        if (!ActivityStates.TryGetValue(key, out var state))
            ActivityStates[key] = state = new JsonObject();
        return state;
    }

    public void SetOutput(string activityId, string name, JsonNode? value)
    {
        if (!Outputs.TryGetValue(activityId, out var outputs))
            Outputs[activityId] = outputs = new JsonObject();
        outputs[name] = value;
    }
}

/// <summary>A persisted wait: a timer, an event (with optional timeout) or the engine's own retry after a failure.</summary>
public sealed class Bookmark
{
    public required string Id { get; init; }
    public required string ActivityId { get; init; }
    public required int ExecutionNumber { get; init; }
    public required BookmarkType Type { get; init; }
    public string? EventName { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public JsonObject? Data { get; init; }

    /// <summary>For retries: which attempt comes next.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>For retries of a failed resume: the resumption to replay.</summary>
    public string? RetryResumptionKind { get; init; }

    public JsonNode? RetryPayload { get; init; }

    /// <summary>The Elsa.ParallelForEach iteration(s) the waiting activity runs in (<c>loopId:index</c> segments), else null.</summary>
    public string? Scope { get; init; }
}

public enum BookmarkType
{
    Timer,
    Event,
    Retry,
}

public sealed record Incident(string ActivityId, string ActivityType, string Message, string? ExceptionType, DateTimeOffset Timestamp);

public sealed record FaultInfo(string ActivityId, int ExecutionNumber, string? ResumptionKind, JsonNode? Payload, string? Scope = null);
