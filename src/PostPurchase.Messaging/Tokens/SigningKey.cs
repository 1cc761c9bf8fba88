using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Messaging.Tokens;

/// <summary>
/// The secret behind signed links: <c>Security__SigningKey</c> when set, else a random key generated once and kept in
/// <c>{Data__Directory}/signing.key</c> so links stay valid across restarts.
/// </summary>
public sealed class SigningKey
{
    private SigningKey(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    public static SigningKey FromSecret(string secret)
    {
        if (secret.Length < 32)
            throw new InvalidOperationException("Setting 'Security__SigningKey' must be at least 32 characters long.");
        return new SigningKey(Encoding.UTF8.GetBytes(secret));
    }

    public static SigningKey LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "signing.key");
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            var fresh = RandomNumberGenerator.GetBytes(32);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh)));
            return new SigningKey(fresh);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (or an earlier run) created it: use theirs.
            return new SigningKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
        }
    }
}
