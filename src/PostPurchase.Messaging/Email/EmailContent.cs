namespace PostPurchase.Messaging.Email;

/// <summary>A rendered email ready for the transport.</summary>
/// <param name="MessageId">Without angle brackets, e.g. 3f2a…@shop.example.com.</param>
/// <param name="UnsubscribeUrl">Set for marketing mail: adds the footer link and the RFC 8058 headers.</param>
public sealed record EmailContent(
    string From, string To, string? ReplyTo, string Subject, string MarkdownBody, string MessageId, string? UnsubscribeUrl)
{
    /// <summary>Set when opens are tracked: a 1×1 image at the end of the HTML part.</summary>
    public string? OpenPixelUrl { get; init; }

    /// <summary>
    /// Set for marketing mail: the sender's legal name and physical postal address, one line (CAN-SPAM 15 U.S.C.
    /// 7704(a)(5)(A)(iii); EU/UK sender identification), shown in the footer of both parts.
    /// </summary>
    public string? SenderPostalLine { get; init; }

    /// <summary>Where the recipient manages their email (the signed unsubscribe page), for every email's footer; no headers.</summary>
    public string? PreferencesUrl { get; init; }
}
