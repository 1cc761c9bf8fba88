using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PostPurchase.TestSupport.Smtp;

/// <summary>Certificates made inside a test, never read from disk or the machine's store.</summary>
public static class TestCertificates
{
    /// <summary>
    /// A self-signed server certificate for <c>localhost</c> and <c>127.0.0.1</c>, valid from an hour ago for a day,
    /// with its private key, and its public part written as PEM to <paramref name="pemPath"/> (what a client trusts).
    /// </summary>
    public static X509Certificate2 CreateSelfSigned(string pemPath, string subject = "CN=localhost")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        File.WriteAllText(pemPath, certificate.ExportCertificatePem());
        // Round-trip through PKCS#12 so SslStream gets a certificate whose private key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
