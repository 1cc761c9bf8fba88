using MimeKit;
using MimeKit.Text;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// Assembles the MIME message with MimeKit: <c>multipart/alternative</c> of the plain-text and HTML renderings
/// (<see cref="EmailComposer.PlainText"/>, and the HTML through the shop's <see cref="EmailLayout"/> when given, else
/// <see cref="EmailComposer.Html"/>), quoted-printable UTF-8, the stable
/// Message-ID, Reply-To, and for marketing mail the RFC 8058 one-click unsubscribe headers.
/// </summary>
public static class MimeEmailBuilder
{
    /// <exception cref="ParseException">From, To or Reply-To is not an address (the gateway checks them first).</exception>
    public static MimeMessage Build(EmailContent content, DateTimeOffset date, EmailLayout? layout = null)
    {
        var message = new MimeMessage
        {
            Subject = content.Subject,
            MessageId = content.MessageId,
            Date = date,
        };
        message.From.Add(MailboxAddress.Parse(content.From));
        message.To.Add(MailboxAddress.Parse(content.To));
        if (!string.IsNullOrWhiteSpace(content.ReplyTo)) message.ReplyTo.Add(MailboxAddress.Parse(content.ReplyTo));
        if (content.UnsubscribeUrl is { } url)
        {
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{url}>");
            message.Headers.Add(HeaderId.ListUnsubscribePost, "List-Unsubscribe=One-Click");
        }

        message.Body = new MultipartAlternative
        {
            Part(TextFormat.Plain, EmailComposer.PlainText(content)),
            Part(TextFormat.Html, layout?.Html(content) ?? EmailComposer.Html(content)),
        };
        return message;
    }

    private static TextPart Part(TextFormat format, string text)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText("utf-8", text);
        return part;
    }
}
