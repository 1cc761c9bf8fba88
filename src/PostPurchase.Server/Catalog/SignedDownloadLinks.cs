using PostPurchase.Commerce.Catalog;
using PostPurchase.Messaging;
using PostPurchase.Messaging.Tokens;

namespace PostPurchase.Server.Catalog;

/// <summary>
/// Download links of the form <c>{PublicBaseUrl}/downloads/{token}</c>: the token names the product and order, is signed
/// and expires; the real delivery address stays in the catalogue, so a link can never redirect anywhere else.
/// </summary>
public sealed class SignedDownloadLinks(UrlTokenSigner signer, MessagingSettings settings) : IDownloadLinks
{
    private const string Purpose = "download";

    public string LinkFor(string productId, string orderId, DateTimeOffset expiresAt) =>
        $"{settings.PublicBaseUrl.TrimEnd('/')}/downloads/{signer.Sign(Purpose, new Dictionary<string, string> { ["p"] = productId, ["o"] = orderId }, expiresAt)}";

    /// <summary>The product id of a valid, unexpired link; otherwise null and why.</summary>
    public string? Resolve(string token, DateTimeOffset now, out string error) =>
        signer.Verify(Purpose, token, now, out error) is { } claims && claims.TryGetValue("p", out var product) ? product : null;
}
