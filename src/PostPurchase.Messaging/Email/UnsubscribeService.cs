using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tokens;

namespace PostPurchase.Messaging.Email;

/// <summary>Signed one-click unsubscribe links for marketing email, and what happens when one is used.</summary>
public sealed class UnsubscribeService(UrlTokenSigner signer, IConsentStore consent, MessagingSettings settings)
{
    public const string Purpose = "unsubscribe";

    /// <summary>Links stay valid for a long time: people unsubscribe from old mail too.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(730);

    public string LinkFor(string email, DateTimeOffset now) =>
        $"{settings.PublicBaseUrl}/unsubscribe/{signer.Sign(Purpose, new Dictionary<string, string> { ["a"] = Addresses.NormalizeEmail(email) }, now + LinkLifetime)}";

    /// <summary>The address a token unsubscribes, or null (and why) for a bad or expired token.</summary>
    public string? AddressFor(string token, DateTimeOffset now, out string error) =>
        signer.Verify(Purpose, token, now, out error) is { } claims && claims.TryGetValue("a", out var address) ? address : null;

    /// <summary>Records the opt-out; false for a bad token (nothing changes).</summary>
    public async Task<(bool Ok, string? Address, string Error)> UnsubscribeAsync(string token, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (AddressFor(token, now, out var error) is not { } address) return (false, null, error);
        await consent.RecordAsync(new ConsentChange(Channel.Email, address, ConsentStatus.OptedOut, source, now), cancellationToken);
        return (true, address, "");
    }
}
