using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// Server certificate validation for SMTP: the system's verdict, except that a chain ending at the one certificate
/// named by <c>Smtp__TrustedCertificatePath</c> (a private CA or a self-signed relay certificate) is also accepted.
/// A wrong host name or an expired certificate always fails; there is no switch that turns validation off.
/// </summary>
public sealed class CertificateTrust
{
    private readonly X509Certificate2? _trusted;

    /// <param name="trustedCertificatePath">PEM or DER; null trusts only the system's roots.</param>
    public CertificateTrust(string? trustedCertificatePath)
    {
        if (trustedCertificatePath is null) return;
        try
        {
            _trusted = X509CertificateLoader.LoadCertificateFromFile(trustedCertificatePath);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Setting 'Smtp__TrustedCertificatePath' ('{trustedCertificatePath}') is not a readable certificate (PEM or DER): {ex.Message}", ex);
        }
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (_trusted is null || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_trusted);
        // A private CA publishes no revocation lists; its own certificate is the trust anchor named by the operator.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements.Skip(1)) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
