using System.Security.Cryptography;

namespace PostPurchase.Server.Webhooks;

/// <summary>
/// The quick start's secret for <c>/webhooks/purchase</c>: when <c>Webhooks__Secret</c> is not set, one is generated
/// once into <c>{data}/webhook-secret.txt</c> (readable by the owner only) so the sample script can sign purchases.
/// </summary>
public static class GeneratedWebhookSecret
{
    public const string FileName = "webhook-secret.txt";

    public static string LoadOrCreate(string dataDirectory, ILogger logger)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 6 } existing) return existing;

        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(path, secret + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        logger.LogWarning("Webhooks__Secret is not set: generated a secret for /webhooks/purchase in {Path}", path);
        return secret;
    }
}
