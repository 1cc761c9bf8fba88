using System.Text.Json.Nodes;

namespace PostPurchase.Server.Simulations;

/// <summary>
/// <c>POST /api/simulations</c>: run a definition for one purchase on a virtual clock, sending nothing.
/// <see cref="Payload"/> is a provider's webhook body (<see cref="Provider"/>: generic (default), stripe, shopify, paypal) or, with
/// provider <c>purchase</c>, an already normalised purchase (as the journey receives it; the simulator page uses this for masked recent purchases).
/// </summary>
public sealed record SimulationRequest
{
    public string DefinitionId { get; init; } = "post-purchase";

    /// <summary>A specific version; default the published one.</summary>
    public int? Version { get; init; }

    public string Provider { get; init; } = "generic";

    /// <summary>Shopify's topic header (default orders/paid).</summary>
    public string? Topic { get; init; }

    public JsonObject? Payload { get; init; }

    /// <summary>How far to run the virtual clock (default 60 days).</summary>
    public int Days { get; init; } = 60;
}

/// <summary>One thing that happened in the simulated journey, at its virtual time.</summary>
public sealed record SimulationStep
{
    public required DateTimeOffset At { get; init; }

    /// <summary>Virtual days since the purchase.</summary>
    public required double Day { get; init; }

    /// <summary>activity (an activity finished, waited or failed) or message (what would have been sent, or why not).</summary>
    public required string Kind { get; init; }

    public string? ActivityId { get; init; }
    public string? ActivityType { get; init; }
    public string? Event { get; init; }
    public string? Outcome { get; init; }
    public string? Channel { get; init; }
    public string? Category { get; init; }
    public string? To { get; init; }
    public string? Subject { get; init; }
    public string? Body { get; init; }

    /// <summary>For email: the HTML part as it would go out, through the shop's email layout (links untracked).</summary>
    public string? Html { get; init; }

    /// <summary>For email: the plain-text alternative.</summary>
    public string? Text { get; init; }

    /// <summary>The gateway's decision: Sent, Suppressed, Deferred or Failed.</summary>
    public string? Status { get; init; }

    /// <summary>Which rule acted (quiet hours, frequency cap, suppression, consent) or what happened.</summary>
    public string? Rule { get; init; }
}

public sealed record SimulationReport
{
    public required string DefinitionId { get; init; }
    public required int Version { get; init; }
    public required string OrderId { get; init; }

    /// <summary>Finished, Cancelled, Faulted, or still waiting (Suspended) when the horizon was reached.</summary>
    public required string Status { get; init; }

    public required IReadOnlyList<SimulationStep> Steps { get; init; }
    public required double ElapsedMilliseconds { get; init; }
}
