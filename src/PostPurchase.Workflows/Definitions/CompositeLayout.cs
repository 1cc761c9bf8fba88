using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Definitions;

/// <summary>How a composite activity holds its children in Elsa 3 JSON, so the graph builder can lay them out.</summary>
internal sealed record CompositeLayout(CompositeShape Shape, IReadOnlyList<(string Port, JsonObject? Child)> Slots, bool Loops = false, bool DirectExits = false)
{
    /// <summary>The port a composite emits to start its flowchart or sequence.</summary>
    public const string StartPort = "#start";

    /// <summary>The port a loop emits to run its body (again).</summary>
    public const string BodyPort = "#body";

    /// <summary>Null for a plain (leaf) activity.</summary>
    public static CompositeLayout? For(string type, JsonObject json) => type switch
    {
        "Elsa.Flowchart" => new(CompositeShape.Flowchart, []),
        "Elsa.Sequence" => new(CompositeShape.Sequence, []),
        "Elsa.If" => Of(("#then", json["then"]), ("#else", json["else"])),
        "Elsa.FlowNode" => Of((BodyPort, json["body"])),
        "Elsa.ForEach" or "Elsa.ParallelForEach" or "Elsa.While" => Of((BodyPort, json["body"])) with { Loops = true },
        "Elsa.Switch" => new(CompositeShape.Slots,
            (json["cases"] as JsonArray ?? []).Select((c, i) => ($"#case:{i}", c?["activity"] as JsonObject))
                .Append(("#default", json["default"] as JsonObject)).ToList()),
        "Elsa.SendHttpRequest" => new(CompositeShape.Slots,
            (json["expectedStatusCodes"] as JsonArray ?? []).Select((c, i) => (Activities.Http.SendHttpRequest.CasePort(i), c?["activity"] as JsonObject))
                .Append((Activities.Http.SendHttpRequest.UnmatchedPort, json["unmatchedStatusCode"] as JsonObject))
                .Append((Activities.Http.SendHttpRequest.FailedToConnectPort, json["failedToConnect"] as JsonObject))
                .Append((Activities.Http.SendHttpRequest.TimeoutPort, json["timeout"] as JsonObject)).ToList()),
        "Elsa.Fork" => new(CompositeShape.Slots,
            (json["branches"] as JsonArray ?? []).Select((b, i) => ($"#branch:{i}", b as JsonObject)).Append(("#empty", null)).ToList(),
            DirectExits: Descriptors.ActivityFactory.ReadExpression(json["joinMode"])?.Text == "WaitAny"),
        _ => null,
    };

    /// <summary>Ids of the loop activities a Break stops (the nearest one).</summary>
    public static bool IsLoop(string type) => type is "Elsa.ForEach" or "Elsa.ParallelForEach" or "Elsa.While";

    private static CompositeLayout Of(params (string Port, JsonNode? Child)[] slots) =>
        new(CompositeShape.Slots, slots.Select(s => (s.Port, s.Child as JsonObject)).ToList());
}

internal enum CompositeShape
{
    /// <summary><c>activities</c> and <c>connections</c>, started at its start activities.</summary>
    Flowchart,

    /// <summary><c>activities</c>, one after the other.</summary>
    Sequence,

    /// <summary>Named child activities, each scheduled through its own port.</summary>
    Slots,
}
