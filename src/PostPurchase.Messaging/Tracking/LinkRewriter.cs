using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Tokens;

namespace PostPurchase.Messaging.Tracking;

/// <summary>
/// Replaces the trusted http(s) URLs in a message body (Markdown for email, text for SMS) with a short tracked
/// redirect <c>{PublicBaseUrl}/c/{id}</c>. Trusted are the URLs the template's own text wrote
/// (<see cref="OutgoingMessage.TrustedUrls"/>; every URL of a body built in code) and the server's own links under
/// <c>PublicBaseUrl</c>; a URL that came with customer data is left as it is, never redirected by us. Ids derive from
/// the message key and URL, so a replayed send produces the same body.
/// </summary>
public sealed partial class LinkRewriter(SigningKey key, MessagingSettings settings)
{
    public (string Body, IReadOnlyList<TrackedLink> Links) Rewrite(OutgoingMessage message, DateTimeOffset now)
    {
        var links = new Dictionary<string, TrackedLink>();
        var body = Url().Replace(message.Body, match =>
        {
            var url = match.Value.TrimEnd('.', ',', ';', ':', '!', '?');
            var trailing = match.Value[url.Length..];
            if (IsOurRedirect(url) || !IsTrusted(message, url)) return match.Value;
            var id = LinkId(message.IdempotencyKey, url);
            links.TryAdd(id, new TrackedLink
            {
                Id = id, Url = url, MessageKey = message.IdempotencyKey, CreatedAt = now,
                DefinitionId = message.DefinitionId ?? "", InstanceId = message.WorkflowInstanceId ?? "", ActivityId = message.ActivityId ?? "",
            });
            return $"{settings.PublicBaseUrl}/c/{id}{trailing}";
        });
        return (body, links.Values.ToList());
    }

    private bool IsTrusted(OutgoingMessage message, string url) =>
        message.TrustedUrls is null || message.TrustedUrls.Contains(url, StringComparer.Ordinal)
        || url.StartsWith(settings.PublicBaseUrl + "/", StringComparison.OrdinalIgnoreCase);

    private bool IsOurRedirect(string url) => url.StartsWith(settings.PublicBaseUrl + "/c/", StringComparison.OrdinalIgnoreCase);

    private string LinkId(string messageKey, string url)
    {
        var mac = HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes("link\n" + messageKey + "\n" + url));
        return Convert.ToBase64String(mac, 0, 12).Replace('+', '-').Replace('/', '_');
    }

    // Stops at whitespace, quotes, angle brackets and the parenthesis that closes a Markdown link.
    [GeneratedRegex(@"https?://[^\s<>""'()\[\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
