using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace PostPurchase.Server.Auth;

/// <summary>
/// Checks the Studio sign-in. The password comes from <c>Auth__AdminPassword</c>; when that is unset, a strong password
/// is generated on first start, only its PBKDF2 hash is stored in <c>{data}/studio-admin.json</c>, and the password
/// itself is written to the log exactly once. Delete the file to generate a new one.
/// </summary>
public sealed class AdminCredentials
{
    public const string FileName = "studio-admin.json";
    private const int Iterations = 210_000;

    private readonly string _user;
    private readonly byte[]? _configuredPassword;
    private readonly StoredHash? _stored;

    public AdminCredentials(IOptions<AuthOptions> options, SecretFiles secrets, ILogger<AdminCredentials> logger)
    {
        _user = string.IsNullOrWhiteSpace(options.Value.AdminUser) ? "admin" : options.Value.AdminUser.Trim();
        if (!string.IsNullOrEmpty(options.Value.AdminPassword))
        {
            _configuredPassword = Encoding.UTF8.GetBytes(options.Value.AdminPassword);
            return;
        }

        if (secrets.Read(FileName) is { } json)
        {
            _stored = JsonSerializer.Deserialize<StoredHash>(json) ?? throw new InvalidOperationException($"{secrets.PathOf(FileName)} is unreadable; delete it to generate a new Studio password.");
            return;
        }

        var password = Generate();
        var salt = RandomNumberGenerator.GetBytes(16);
        _stored = new StoredHash(Convert.ToBase64String(salt), Convert.ToBase64String(Hash(password, salt, Iterations)), Iterations);
        secrets.Write(FileName, JsonSerializer.Serialize(_stored));
        logger.LogWarning("Studio sign-in: no Auth__AdminPassword set; generated password for user '{User}': {Password} (shown once; only its hash is kept in {File})",
            _user, password, secrets.PathOf(FileName));
    }

    public string User => _user;

    public bool Verify(string? user, string? password)
    {
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)) return false;
        var userOk = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.Trim()), Encoding.UTF8.GetBytes(_user));
        bool passwordOk;
        if (_configuredPassword is not null)
        {
            passwordOk = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), SHA256.HashData(_configuredPassword));
        }
        else
        {
            var salt = Convert.FromBase64String(_stored!.Salt);
            passwordOk = CryptographicOperations.FixedTimeEquals(Hash(password, salt, _stored.Iterations), Convert.FromBase64String(_stored.Hash));
        }

        return userOk && passwordOk;
    }

    private static byte[] Hash(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);

    /// <summary>24 characters from an unambiguous alphabet (~138 bits).</summary>
    private static string Generate()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 24);
    }

    private sealed record StoredHash(string Salt, string Hash, int Iterations);
}
