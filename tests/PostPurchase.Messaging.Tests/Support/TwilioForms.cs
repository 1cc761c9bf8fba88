namespace PostPurchase.Messaging.Tests.Support;

/// <summary>
/// Twilio webhook form bodies (application/x-www-form-urlencoded) written for our tests, using the parameter names of
/// Twilio's Messaging webhooks reference: an inbound SMS (<c>MessageSid</c>, <c>AccountSid</c>, <c>From</c>,
/// <c>To</c>, <c>Body</c>, <c>NumMedia</c>, <c>NumSegments</c>, geographic <c>FromCity</c>… fields, <c>SmsStatus</c>
/// "received", and <c>OptOutType</c> when Advanced Opt-Out recognised a keyword) and a message status callback
/// (<c>MessageStatus</c>/<c>SmsStatus</c>, <c>ErrorCode</c> for undelivered). Sids and numbers are ours
/// (the 555-01xx range is reserved for fiction).
/// </summary>
public static class TwilioForms
{
    public const string AccountSid = "AC5e1f0a2b3c4d5e6f7a8b9c0d1e2f3a4b";
    public const string MessageSid = "SM0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f";
    public const string Customer = "+14155550142";
    public const string ShopNumber = "+14155550199";

    /// <summary>An inbound SMS from <paramref name="from"/> saying <paramref name="body"/>; <paramref name="optOutType"/> as Twilio adds it.</summary>
    public static List<KeyValuePair<string, string>> Inbound(string body = "Ahoy", string from = Customer, string? optOutType = null)
    {
        var form = Pairs(
            ("ToCountry", "US"), ("ToState", "CA"), ("SmsMessageSid", MessageSid), ("NumMedia", "0"), ("ToCity", "OAKLAND"),
            ("FromZip", "94110"), ("SmsSid", MessageSid), ("FromState", "CA"), ("SmsStatus", "received"), ("FromCity", "SAN FRANCISCO"),
            ("Body", body), ("FromCountry", "US"), ("To", ShopNumber), ("ToZip", "94607"), ("NumSegments", "1"),
            ("ReferralNumMedia", "0"), ("MessageSid", MessageSid), ("AccountSid", AccountSid), ("From", from), ("ApiVersion", "2010-04-01"));
        if (optOutType is not null) form.Add(new("OptOutType", optOutType));
        return form;
    }

    /// <summary>A status callback for message <paramref name="sid"/>: "delivered", or "undelivered" with <paramref name="errorCode"/>.</summary>
    public static List<KeyValuePair<string, string>> Status(string status, string sid = MessageSid, string? errorCode = null)
    {
        var form = Pairs(
            ("AccountSid", AccountSid), ("ApiVersion", "2010-04-01"), ("From", ShopNumber), ("MessageSid", sid), ("MessageStatus", status),
            ("SmsSid", sid), ("SmsStatus", status), ("To", Customer));
        if (errorCode is not null) form.Add(new("ErrorCode", errorCode));
        return form;
    }

    private static List<KeyValuePair<string, string>> Pairs(params (string Key, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList();
}
