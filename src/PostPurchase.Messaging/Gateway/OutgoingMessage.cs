namespace PostPurchase.Messaging.Gateway;

/// <summary>A rendered message on its way to the gateway. Kept in the activity's state, so a deferred send resumes with the same content.</summary>
public sealed record OutgoingMessage
{
    public required Channel Channel { get; init; }
    public required MessageCategory Category { get; init; }

    /// <summary>The activity execution's idempotency key: the send record's key and the basis of the Message-ID.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Email address or E.164 number; null when the purchase had none.</summary>
    public string? To { get; init; }

    public string? From { get; init; }
    public string? ReplyTo { get; init; }
    public string? Subject { get; init; }

    /// <summary>Markdown for email, plain text for SMS.</summary>
    public required string Body { get; init; }

    /// <summary>
    /// The URLs the template's own text wrote (see <c>MessageText.TrustedUrls</c>): click tracking rewrites only these
    /// and the server's own links. Null for a body built in code, whose URLs are all ours.
    /// </summary>
    public IReadOnlyList<string>? TrustedUrls { get; init; }

    /// <summary>The recipient's IANA time zone (from the purchase), for quiet hours.</summary>
    public string? TimeZone { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country of the purchase's address, to infer a missing time zone.</summary>
    public string? Country { get; init; }

    /// <summary>An answer to a message the recipient just sent (HELP): quiet hours do not hold it back.</summary>
    public bool IsReply { get; init; }

    /// <summary>What the purchase said about marketing email consent (null: nothing).</summary>
    public bool? MarketingConsentHint { get; init; }

    /// <summary>True when the commerce provider recorded SMS opt-in with the purchase.</summary>
    public bool SmsConsentHint { get; init; }

    public string? WorkflowInstanceId { get; init; }
    public string? DefinitionId { get; init; }

    /// <summary>The step that sends it: reports count per step, and clicks raise <c>clicked:{ActivityId}</c>.</summary>
    public string? ActivityId { get; init; }

    /// <summary>Rewrite links to tracked redirects (<c>/c/{id}</c>).</summary>
    public bool TrackLinks { get; init; }

    /// <summary>Add an open-tracking pixel (email only).</summary>
    public bool TrackOpens { get; init; }
}
