using Microsoft.Extensions.Options;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Server.Auth;

namespace PostPurchase.Server.Simulations;

/// <summary>An address a Studio user may send a test to, and why (<c>your address</c> or <c>allow-list</c>).</summary>
public sealed record TestRecipient(Channel Channel, string Address, string Source);

/// <summary>
/// Where "send me a test" may send, and nowhere else: the signed-in user's own email address and phone number
/// (<c>Auth__AdminEmail</c>/<c>Auth__AdminPhone</c> for the built-in administrator, <c>Auth__Users__N__Email</c>/<c>__Phone</c>
/// for configured users, and the user name itself when it is an email address) and the addresses and E.164 numbers in
/// <c>Studio__TestRecipients</c> (comma-separated).
/// </summary>
public sealed class TestRecipients(IOptions<AuthOptions> auth, IConfiguration configuration)
{
    public const string Own = "your address";
    public const string AllowList = "allow-list";

    public IReadOnlyList<TestRecipient> For(string user)
    {
        user = StudioUsers.Normalize(user);
        var options = auth.Value;
        var candidates = new List<(string? Address, string Source)>();
        if (StudioUsers.Normalize(options.AdminUser) == user) candidates.AddRange([(options.AdminEmail, Own), (options.AdminPhone, Own)]);
        foreach (var configured in options.Users.Where(u => StudioUsers.Normalize(u.Name) == user))
            candidates.AddRange([(configured.Email, Own), (configured.Phone, Own)]);
        if (user.Contains('@')) candidates.Add((user, Own));
        candidates.AddRange((configuration["Studio:TestRecipients"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => ((string?)a, AllowList)));

        var recipients = new List<TestRecipient>();
        foreach (var (address, source) in candidates)
            if (Parse(address) is { } channel && !recipients.Any(r => r.Channel == channel && r.Address == Addresses.Normalize(channel, address!)))
                recipients.Add(new TestRecipient(channel, Addresses.Normalize(channel, address!), source));
        return recipients;
    }

    /// <summary>The allowed recipient matching <paramref name="address"/> on <paramref name="channel"/>, or null.</summary>
    public TestRecipient? Find(string user, Channel channel, string? address) =>
        string.IsNullOrWhiteSpace(address) ? null : For(user).FirstOrDefault(r => r.Channel == channel && r.Address == Addresses.Normalize(channel, address.Trim()));

    private static Channel? Parse(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        address = address.Trim();
        if (Addresses.IsE164(address)) return Channel.Sms;
        return Addresses.IsValidEmail(address) ? Channel.Email : null;
    }
}
