using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// Renders an email's content: a plain-text body and an HTML body from the Markdown (raw HTML in the template is not
/// passed through), a stable Message-ID, and for marketing mail an unsubscribe footer. <see cref="MimeEmailBuilder"/>
/// assembles them into the MIME message.
/// </summary>
public static partial class EmailComposer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().UseEmphasisExtras().Build();

    /// <summary>A Message-ID derived only from the idempotency key, so a resend after a crash carries the same id.</summary>
    public static string MessageIdFor(string idempotencyKey, string fromAddress)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32].ToLowerInvariant();
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "postpurchase.local";
        return $"{hash}@{domain}";
    }

    /// <summary>The body alone: the Markdown as HTML (raw HTML in the template is not passed through).</summary>
    public static string BodyHtml(EmailContent content) => Markdown.ToHtml(content.MarkdownBody, Pipeline);

    /// <summary>The plain layout: the body on a white page with the marketing footer (used without, or instead of a broken, <see cref="EmailLayout"/>).</summary>
    public static string Html(EmailContent content)
    {
        var body = BodyHtml(content);
        var footer = content.UnsubscribeUrl is { } url
            ? $"<hr><p style=\"font-size:12px;color:#666\">Don't want these emails? <a href=\"{WebUtility.HtmlEncode(url)}\">Unsubscribe</a>.</p>"
            : "";
        if (content.SenderPostalLine is { } sender)
            footer += $"{(footer.Length == 0 ? "<hr>" : "")}<p style=\"font-size:12px;color:#666\">{WebUtility.HtmlEncode(sender)}</p>";
        var pixel = content.OpenPixelUrl is { } src ? $"<img src=\"{WebUtility.HtmlEncode(src)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">" : "";
        return $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(content.Subject)}</title></head>" +
               $"<body style=\"font-family:sans-serif;line-height:1.5;max-width:600px\">{body}{footer}{pixel}</body></html>";
    }

    /// <summary>The Markdown itself reads well as text; links become "text (url)" so they survive.</summary>
    public static string PlainText(EmailContent content)
    {
        var text = MarkdownLink().Replace(content.MarkdownBody, m => m.Groups[1].Value == m.Groups[2].Value ? m.Groups[2].Value : $"{m.Groups[1].Value} ({m.Groups[2].Value})");
        text = MarkdownEscape().Replace(text, "$1"); // data escaped for Markdown reads as typed
        if (content.UnsubscribeUrl is { } url) text += $"\n\n--\nUnsubscribe: {url}\n";
        if (content.SenderPostalLine is { } sender) text += (content.UnsubscribeUrl is null ? "\n\n--\n" : "") + sender + "\n";
        return text;
    }

    [GeneratedRegex(@"(?<!\\)\[([^\]]*)\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex MarkdownEscape();
}
