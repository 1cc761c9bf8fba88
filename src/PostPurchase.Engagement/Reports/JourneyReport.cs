namespace PostPurchase.Engagement.Reports;

/// <summary>What a journey did in a period, per step and per split branch (<c>GET /api/reports/journeys/{definitionId}</c>).</summary>
public sealed record JourneyReport
{
    public required string DefinitionId { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required int JourneysStarted { get; init; }

    /// <summary>Steps in the definition's order (top to bottom as designed), then any step no longer in it.</summary>
    public required IReadOnlyList<StepReport> Steps { get; init; }

    public required IReadOnlyList<SplitReport> Splits { get; init; }

    /// <summary>Every day of the period (UTC), including days with none.</summary>
    public required IReadOnlyList<DailyCount> StartsPerDay { get; init; }

    public required AttributionWindows Windows { get; init; }
}

public sealed record StepReport
{
    public required string ActivityId { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }

    /// <summary>Journeys that reached the step.</summary>
    public int Entered { get; init; }

    public int Sent { get; init; }

    /// <summary>Messages not sent, by reason class (unsubscribed, no consent, invalid address, bounced, provider refused).</summary>
    public IReadOnlyDictionary<string, int> Suppressed { get; init; } = new Dictionary<string, int>();

    /// <summary>Sends postponed, by reason class (quiet hours, frequency cap); a deferred message is sent later and counted in Sent.</summary>
    public IReadOnlyDictionary<string, int> Deferred { get; init; } = new Dictionary<string, int>();

    public int Delivered { get; init; }
    public int Failed { get; init; }

    /// <summary>Messages opened at least once (approximate: mail clients pre-fetch images).</summary>
    public int Opened { get; init; }

    /// <summary>Messages with at least one click by a person (link scanners excluded).</summary>
    public int Clicked { get; init; }

    /// <summary>Clicks by link scanners and bots, not counted above.</summary>
    public int BotClicks { get; init; }

    public int Reviews { get; init; }
    public double? AverageRating { get; init; }

    /// <summary>Later purchases attributed to this step's messages.</summary>
    public int Conversions { get; init; }

    /// <summary>Attributed revenue in minor units per currency (ISO code, upper case).</summary>
    public IReadOnlyDictionary<string, long> Revenue { get; init; } = new Dictionary<string, long>();

    public int AiGenerated { get; init; }
    public int AiFallback { get; init; }
    public long AiTokens { get; init; }
    public int SmsSegments { get; init; }
}

/// <summary>One split step: its branches and whether their differences are significant yet.</summary>
public sealed record SplitReport
{
    public required string ActivityId { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<BranchReport> Branches { get; init; }
    public required IReadOnlyList<BranchComparison> Comparisons { get; init; }
}

public sealed record BranchReport
{
    public required string Branch { get; init; }
    public int Journeys { get; init; }

    /// <summary>Journeys with at least one click (by a person) after the split.</summary>
    public int Clicked { get; init; }

    /// <summary>Journeys with at least one attributed purchase after the split.</summary>
    public int Converted { get; init; }

    public IReadOnlyDictionary<string, long> Revenue { get; init; } = new Dictionary<string, long>();
    public double ClickRate => Journeys == 0 ? 0 : (double)Clicked / Journeys;
    public double ConversionRate => Journeys == 0 ? 0 : (double)Converted / Journeys;
}

/// <summary>A two-proportion z-test of one metric between two branches.</summary>
public sealed record BranchComparison
{
    public required string Metric { get; init; }
    public required string BranchA { get; init; }
    public required string BranchB { get; init; }
    public required double RateA { get; init; }
    public required double RateB { get; init; }
    public required double Z { get; init; }
    public required double PValue { get; init; }
    public required bool Significant { get; init; }

    /// <summary>A sentence for people, e.g. "B converts better than A (p = 0.012)" or "not yet significant (p = 0.31)".</summary>
    public required string Verdict { get; init; }
}

public sealed record DailyCount(DateOnly Date, int Count);

/// <summary>How long after a click or an open a purchase is attributed to the message.</summary>
public sealed record AttributionWindows(TimeSpan AfterClick, TimeSpan AfterOpen);
