namespace PostPurchase.Workflows.Reporting;

/// <summary>The kinds of <see cref="JourneyEvent"/> the built-in activities and endpoints record.</summary>
public static class JourneyEventKinds
{
    /// <summary>An instance of the journey started (activity id: the root).</summary>
    public const string Started = "started";

    /// <summary>Whose journey it is: the purchase's customer keys and order (value: order total in minor units, detail: currency).</summary>
    public const string Customer = "customer";

    /// <summary>A step began its first attempt.</summary>
    public const string Entered = "entered";

    public const string Sent = "sent";

    /// <summary>Detail: the reason class (unsubscribed, no consent, invalid address, bounced, provider refused).</summary>
    public const string Suppressed = "suppressed";

    /// <summary>Detail: quiet hours or frequency cap.</summary>
    public const string Deferred = "deferred";

    public const string Failed = "failed";

    /// <summary>The provider reported delivery (Twilio status callback; for email, SMTP acceptance).</summary>
    public const string Delivered = "delivered";

    /// <summary>The provider reported the message could not be delivered.</summary>
    public const string Undelivered = "undelivered";

    /// <summary>Approximate: mail clients pre-fetch images.</summary>
    public const string Opened = "opened";

    /// <summary>Detail: the link's URL; <see cref="JourneyEvent.AgentClass"/> says what kind of client followed it.</summary>
    public const string Clicked = "clicked";

    /// <summary>Value: the rating.</summary>
    public const string Reviewed = "reviewed";

    /// <summary>Value: tokens used.</summary>
    public const string AiGenerated = "ai-generated";

    /// <summary>The AI step used its fallback copy (detail: why).</summary>
    public const string AiFallback = "ai-fallback";

    /// <summary>Value: SMS segments billed.</summary>
    public const string SmsSegments = "sms-segments";

    /// <summary>Detail: the branch a split sent the journey down.</summary>
    public const string SplitAssigned = "split";
}
