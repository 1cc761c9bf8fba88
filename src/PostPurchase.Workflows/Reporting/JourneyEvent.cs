namespace PostPurchase.Workflows.Reporting;

/// <summary>
/// One fact about a journey step for reports: a step was entered, a message was sent or suppressed, a link clicked.
/// Facts an activity records are saved in the same transaction as its instance, so a replayed step never counts twice.
/// </summary>
public sealed record JourneyEvent
{
    public required string DefinitionId { get; init; }
    public required string InstanceId { get; init; }

    /// <summary>The step (activity id) the fact belongs to.</summary>
    public required string ActivityId { get; init; }

    /// <summary>One of <see cref="JourneyEventKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>A short classifier: the suppression reason, the clicked URL, the split branch, the user-agent class.</summary>
    public string? Detail { get; init; }

    /// <summary>A number that belongs to the fact: a rating, AI tokens, SMS segments, an amount in minor units.</summary>
    public double? Value { get; init; }

    /// <summary>The message's idempotency key, for message facts.</summary>
    public string? MessageKey { get; init; }

    /// <summary>Customer keys (lower-case email, provider:customer id) on the <see cref="JourneyEventKinds.Customer"/> fact.</summary>
    public string? CustomerEmail { get; init; }

    public string? CustomerId { get; init; }

    /// <summary>For clicks and opens: mobile, desktop, email-client or bot (security scanners that pre-fetch links).</summary>
    public string? AgentClass { get; init; }

    public required DateTimeOffset At { get; init; }
}
