using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Messaging.Gateway;

/// <summary>
/// The keyed hash that stands in for an erased customer's address on the suppression list: HMAC-SHA256 with a server
/// secret over the channel and the normalised address (<see cref="Addresses.Normalize"/>), written
/// <c>hmac:{base64url}</c>. Without the key nobody can tell whose address it was or test guesses against it; with it,
/// the consent check recognises the address when it comes back, so an erased customer who had opted out stays opted out.
/// </summary>
public sealed class SuppressionHash
{
    public const string Prefix = "hmac:";

    private readonly byte[] _key;

    /// <param name="key">At least 32 bytes; every replica must use the same key.</param>
    public SuppressionHash(byte[] key)
    {
        if (key.Length < 32) throw new ArgumentException("The suppression hash key must be at least 32 bytes.", nameof(key));
        _key = key;
    }

    public string For(Channel channel, string address) =>
        Prefix + System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{channel}:{Addresses.Normalize(channel, address)}")));
}
