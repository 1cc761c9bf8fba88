using PostPurchase.Messaging;
using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Sms;

namespace PostPurchase.Server.Simulations;

/// <summary>A simulated email as the customer would get it: the HTML and plain-text parts of the real email path.</summary>
public sealed record EmailPreview(string Subject, string Html, string Text);

/// <summary>A simulated SMS: its text and how it is billed (GSM-7 or UCS-2, segments).</summary>
public sealed record SmsPreview(string Body, string Encoding, int Segments);

/// <summary>
/// Renders a simulated message as the mail path does (the shop's <see cref="EmailLayout"/> around
/// <see cref="EmailComposer"/>'s body), so a preview and a test send show exactly what would go out. Links stay as written: a preview
/// or a test send records no tracked link.
/// </summary>
public sealed class MessagePreviews(
    MessagingSettings settings, UnsubscribeService unsubscribe, SenderIdentity sender, TimeProvider clock, EmailLayout? layout = null)
{
    /// <summary>The address a preview is rendered for when the simulated purchase has none.</summary>
    public const string PlaceholderRecipient = "customer@example.com";

    /// <summary>The email content for <paramref name="step"/> (a message step on the email channel) addressed to <paramref name="to"/>.</summary>
    public EmailContent Content(SimulationStep step, string to, string subjectPrefix = "", string? messageId = null)
    {
        // As the gateway builds it: every email links the preferences page, marketing mail also unsubscribe and the postal line.
        var marketing = step.Category == "marketing";
        var from = settings.EmailFrom;
        var fromAddress = System.Net.Mail.MailAddress.TryCreate(from, out var parsed) ? parsed.Address : "postpurchase.local";
        var link = unsubscribe.LinkFor(to, clock.GetUtcNow());
        return new EmailContent(from, to, null, subjectPrefix + (step.Subject ?? ""), step.Body ?? "",
            messageId ?? EmailComposer.MessageIdFor("preview:" + Guid.NewGuid().ToString("N"), fromAddress),
            marketing ? link : null)
        {
            SenderPostalLine = marketing ? sender.PostalLine : null,
            PreferencesUrl = link,
        };
    }

    /// <summary>The email as the simulation rendered it (the gateway's preview, layout included), else composed here.</summary>
    public EmailPreview Email(SimulationStep step)
    {
        if (step.Html is { } html) return new EmailPreview(step.Subject ?? "", html, step.Text ?? "");
        var content = Content(step, ValidOrPlaceholder(step.To));
        return new EmailPreview(content.Subject, layout?.Html(content) ?? EmailComposer.Html(content), EmailComposer.PlainText(content));
    }

    public static SmsPreview Sms(string body) =>
        new(body, SmsSegments.IsGsm7(body) ? "GSM-7" : "UCS-2", SmsSegments.Count(body));

    private static string ValidOrPlaceholder(string? to) =>
        to is { Length: > 0 } && System.Net.Mail.MailAddress.TryCreate(to, out _) ? to : PlaceholderRecipient;
}
