using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Server.Simulations;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Model;

namespace PostPurchase.Server.ElsaApi;

/// <summary>
/// The outcome of a Test tab run, written as Elsa's <c>TestActivityResponse</c> (<c>activityState</c>, <c>outputs</c>,
/// <c>payload.Outcomes</c>, <c>exception</c>, <c>status</c>: what the Studio shows) plus our details: the sample used,
/// the rendered message and the rule that acted, what the activity waits for, and its log.
/// </summary>
public sealed class ActivityTestResult
{
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }
    public required SamplePurchase Sample { get; init; }

    /// <summary>Elsa's ActivityStatus: Completed, Running (waiting) or Faulted.</summary>
    public string Status { get; private set; } = "Completed";

    public IReadOnlyList<string> Outcomes { get; private set; } = [];
    public JsonObject Outputs { get; private set; } = new();
    public (string Type, string Message)? Exception { get; private set; }
    public SimulatedMessage? Message { get; private set; }
    public JsonObject? WaitsFor { get; private set; }
    public IReadOnlyList<JournalEntry> Log { get; private set; } = [];
    private JsonObject _state = new();

    public ActivityTestResult Failed(string type, string message)
    {
        Status = "Faulted";
        Exception = (type, message);
        return this;
    }

    public ActivityTestResult From(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, IReadOnlyList<SimulatedMessage> messages)
    {
        var state = instance.State;
        Log = journal;
        Message = messages.LastOrDefault();
        Outputs = state.Outputs.TryGetValue(ActivityId, out var outputs) ? (JsonObject)outputs.DeepClone() : new JsonObject();
        _state = state.ActivityStates.TryGetValue($"{ActivityId}:1", out var activityState) ? activityState : new JsonObject();
        if (instance.SubStatus == WorkflowSubStatus.Faulted)
            return Failed(state.Incidents.LastOrDefault()?.ExceptionType ?? "Fault", state.Incidents.LastOrDefault()?.Message ?? "The activity failed.");

        if (state.Bookmarks.FirstOrDefault() is { } bookmark)
        {
            Status = "Running";
            WaitsFor = Wait(bookmark, instance.CreatedAt);
            return this;
        }

        Outcomes = journal.LastOrDefault(j => j.ActivityId == ActivityId && j.EventName == JournalEvents.Completed)?.Payload?["outcomes"] is JsonArray done
            ? done.Select(o => o!.GetValue<string>()).ToList()
            : [];
        return this;
    }

    private JsonObject Wait(Bookmark bookmark, DateTimeOffset now)
    {
        var after = bookmark.DueAt is { } due ? $"{Duration(due - now)}, until {due.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}" : null;
        var description = bookmark switch
        {
            { Type: BookmarkType.Timer } when Message is { Status: GatewayStatus.Deferred } m => $"the send window: the message is deferred ({m.Rule})",
            { Type: BookmarkType.Timer } => $"a timer: {after}",
            { EventName: { } name } when name.StartsWith("review:", StringComparison.Ordinal) =>
                $"the customer's rating (event '{name}')" + (after is null ? "" : $"; without an answer it goes on after {after}"),
            { EventName: { } name } => $"the event '{name}'" + (after is null ? ", with no timeout" : $", or a timeout in {after}"),
            _ => "a bookmark",
        };
        return new JsonObject
        {
            ["kind"] = bookmark.Type.ToString(), ["eventName"] = bookmark.EventName, ["until"] = bookmark.DueAt, ["description"] = description,
        };
    }

    private static string Duration(TimeSpan span)
    {
        var parts = new List<string>();
        if (span.Days > 0) parts.Add($"{span.Days} day{(span.Days == 1 ? "" : "s")}");
        if (span.Hours > 0) parts.Add($"{span.Hours} hour{(span.Hours == 1 ? "" : "s")}");
        if (span.Minutes > 0 && span.Days == 0) parts.Add($"{span.Minutes} minute{(span.Minutes == 1 ? "" : "s")}");
        return parts.Count == 0 ? "under a minute" : string.Join(" ", parts);
    }

    /// <summary>The response body: Elsa's fields first (what the Studio reads), then ours.</summary>
    public JsonObject ToJson()
    {
        var log = new JsonArray(Log.Select(j => (JsonNode)new JsonObject
        {
            ["timestamp"] = j.Timestamp, ["activityId"] = j.ActivityId, ["event"] = j.EventName, ["message"] = j.Message,
        }).ToArray());
        return new JsonObject
        {
            ["activityState"] = DisplayState(),
            ["outputs"] = Outputs.DeepClone(),
            ["payload"] = new JsonObject { ["Outcomes"] = new JsonArray(Outcomes.Select(o => (JsonNode)o).ToArray()) },
            ["exception"] = Exception is { } e ? new JsonObject { ["type"] = e.Type, ["message"] = e.Message, ["stackTrace"] = null, ["innerException"] = null } : null,
            ["status"] = Status,
            ["activityId"] = ActivityId,
            ["activityType"] = ActivityType,
            ["sample"] = new JsonObject { ["source"] = Sample.Source, ["purchase"] = JsonSerializer.SerializeToNode(Sample.Purchase, JsonDefaults.Options) },
            ["message"] = Message is { } m ? new JsonObject
            {
                ["channel"] = m.Channel.ToString().ToLowerInvariant(), ["category"] = m.Category.ToString().ToLowerInvariant(),
                ["to"] = m.To, ["subject"] = m.Subject, ["body"] = m.Body, ["html"] = m.Html, ["text"] = m.Text,
                ["status"] = m.Status.ToString(), ["rule"] = m.Rule,
            } : null,
            ["waitsFor"] = WaitsFor?.DeepClone(),
            ["log"] = log,
        };
    }

    /// <summary>What the Test tab's State panel lists (every value a string: the Studio shows them as text).</summary>
    private JsonObject DisplayState()
    {
        var display = new JsonObject { ["Sample purchase"] = Sample.Source };
        if (Message is { } m)
        {
            display["Channel"] = $"{m.Channel} ({m.Category.ToString().ToLowerInvariant()})";
            display["To"] = m.To ?? "(none)";
            if (m.Subject is not null) display["Subject"] = m.Subject;
            display["Body"] = m.Text ?? m.Body;
            display["Gateway"] = $"{m.Status}: {m.Rule}";
            display["Sent"] = "nothing (test run: nothing is sent or stored)";
        }

        if (WaitsFor?["description"]?.GetValue<string>() is { } waits) display["Waits for"] = waits;
        foreach (var (key, value) in _state)
            if (key != "message" && !display.ContainsKey(key))
                display[key] = value is JsonValue v && v.TryGetValue(out string? text) ? text : value?.ToJsonString();
        if (Log.Count > 0) display["Log"] = string.Join("\n", Log.Select(j => $"{j.EventName}{(j.Message is null ? "" : ": " + j.Message)}"));
        return display;
    }
}
