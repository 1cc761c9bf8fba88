namespace PostPurchase.Messaging.Reviews;

public enum ReviewScale
{
    /// <summary>1–5 stars.</summary>
    Stars,

    /// <summary>Net Promoter Score, 0–10.</summary>
    Nps,
}

/// <summary>What a review link stands for: the waiting workflow and how to judge the answer.</summary>
public sealed record ReviewRequestRecord
{
    public required string Id { get; init; }
    public required string WorkflowInstanceId { get; init; }
    public required ReviewScale Scale { get; init; }
    public required int Threshold { get; init; }
    public string? PublicReviewUrl { get; init; }
    public string? OrderId { get; init; }
    public string? CustomerName { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The event the waiting activity listens for.</summary>
    public string EventName => $"review:{Id}";
}

public sealed record Review
{
    public required string RequestId { get; init; }
    public required string WorkflowInstanceId { get; init; }
    public required ReviewScale Scale { get; init; }
    public required int Rating { get; init; }
    public string? Comment { get; init; }
    public required bool IsPositive { get; init; }
    public string? OrderId { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}
