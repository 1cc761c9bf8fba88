using PostPurchase.Messaging.Gateway;

namespace PostPurchase.Messaging.Storage;

public enum ConsentStatus
{
    OptedIn,

    /// <summary>Unsubscribed or texted STOP: suppressed on this channel.</summary>
    OptedOut,

    /// <summary>Hard bounce or invalid number: suppressed for every category.</summary>
    Bounced,
}

/// <summary>One change of a recipient's consent on a channel; the latest change is the current state.</summary>
/// <param name="Source">Who changed it, e.g. "unsubscribe-link", "sms:STOP", "twilio:21610", "smtp:550".</param>
public sealed record ConsentChange(Channel Channel, string Address, ConsentStatus Status, string Source, DateTimeOffset At);
