using MimeKit;
using MimeKit.Cryptography;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// Signs outgoing mail with MimeKit's <see cref="DkimSigner"/> when <see cref="DkimSettings"/> are given. The key is
/// loaded once, at start-up, so a missing or unreadable key stops the server with a message naming the setting.
/// </summary>
public sealed class DkimSigning
{
    /// <summary>
    /// The headers covered by <c>h=</c>: what Gmail, Yahoo and Microsoft check for bulk mail (From, the one-click
    /// unsubscribe pair) plus what identifies the message. Headers a message lacks are left out by MimeKit.
    /// </summary>
    public static readonly HeaderId[] SignedHeaders =
    [
        HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.ReplyTo,
        HeaderId.ListUnsubscribe, HeaderId.ListUnsubscribePost, HeaderId.MimeVersion, HeaderId.ContentType,
    ];

    private readonly DkimSigner? _signer;

    public DkimSigning(DkimSettings settings)
    {
        if (!settings.Enabled) return;
        try
        {
            _signer = new DkimSigner(settings.PrivateKeyPath!, settings.Domain!, settings.Selector!, DkimSignatureAlgorithm.RsaSha256)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
        }
        catch (Exception ex) // any failure to read or parse the key: start-up must name the setting
        {
            throw new InvalidOperationException(
                $"Setting 'Email__Dkim__PrivateKeyPath' ('{settings.PrivateKeyPath}') is not a readable RSA private key in PEM form: {ex.Message}", ex);
        }
    }

    public bool Enabled => _signer is not null;

    /// <summary>
    /// Adds a DKIM-Signature header. The message must be sent with the same <paramref name="options"/> afterwards,
    /// and is first prepared for a 7-bit transport so no relay needs to re-encode (which would break the signature).
    /// </summary>
    public void Sign(MimeMessage message, FormatOptions options)
    {
        if (_signer is null) return;
        message.Prepare(EncodingConstraint.SevenBit);
        _signer.Sign(options, message, SignedHeaders);
    }
}
