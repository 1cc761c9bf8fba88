using System.Security.Cryptography;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Persistence.Privacy;
using PostPurchase.Server.Auth;

namespace PostPurchase.Server.Privacy;

/// <summary>
/// Privacy requests (access and erasure): the suppression hash key, the export and erasure services, and their API and
/// Studio page. The key comes from <c>Privacy__HashKey</c> (base64, at least 32 bytes) or is generated once into
/// <c>{Data__Directory}/privacy-hash.key</c>; replicas must share it, and losing it loses the erased opt-outs.
/// </summary>
public static class PrivacySetup
{
    public const string KeyFileName = "privacy-hash.key";

    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["Privacy:HashKey"];
        byte[]? key = null;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                key = Convert.FromBase64String(configured);
            }
            catch (FormatException)
            {
            }

            if (key is not { Length: >= 32 }) throw new InvalidOperationException("Setting 'Privacy__HashKey' must be base64 of at least 32 bytes.");
        }

        builder.Services.AddSingleton(services => new SuppressionHash(key ?? StoredKey(services.GetRequiredService<SecretFiles>())));
        builder.Services.AddSingleton<CustomerDataExport>();
        builder.Services.AddSingleton<CustomerDataErasure>();
        builder.Services.AddSingleton<PrivacyRequests>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        app.MapPrivacyApi();
        app.MapPrivacyPage();
        return app;
    }

    private static byte[] StoredKey(SecretFiles secrets)
    {
        if (secrets.Read(KeyFileName) is { } stored) return Convert.FromBase64String(stored);
        var key = RandomNumberGenerator.GetBytes(32);
        secrets.Write(KeyFileName, Convert.ToBase64String(key));
        return key;
    }
}
