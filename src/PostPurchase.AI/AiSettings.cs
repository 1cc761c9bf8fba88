using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace PostPurchase.AI;

/// <summary>Settings of the <c>Ai</c> section. Without an API key the AI step always takes its fallback.</summary>
public sealed record AiSettings
{
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    public Uri BaseUrl { get; init; } = new(DefaultBaseUrl);
    public string? ApiKey { get; init; }
    public string Model { get; init; } = "gpt-4o-mini";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a 429 or 5xx answer (each after the Retry-After the server asked for, capped by the timeout).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Tokens one journey (instance) may spend in total; past it every AI step takes its fallback.</summary>
    public int MaxTokensPerRun { get; init; } = 4000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    public static AiSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Ai");
        var baseUrl = section["BaseUrl"] is { Length: > 0 } b ? b.Trim() : DefaultBaseUrl;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"Setting 'Ai__BaseUrl' is '{baseUrl}'; it must be an http(s) URL such as {DefaultBaseUrl}.");
        return new AiSettings
        {
            BaseUrl = uri,
            ApiKey = section["ApiKey"] is { Length: > 0 } k ? k.Trim() : null,
            Model = section["Model"] is { Length: > 0 } m ? m.Trim() : "gpt-4o-mini",
            Timeout = TimeSpan.FromSeconds(Number(section, "TimeoutSeconds", 10, 1)),
            MaxRetries = (int)Number(section, "MaxRetries", 2, 0),
            MaxTokensPerRun = (int)Number(section, "MaxTokensPerRun", 4000, 0),
        };
    }

    private static double Number(IConfigurationSection section, string key, double fallback, double min)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new InvalidOperationException($"Setting 'Ai__{key}' is '{text}'; it must be a number ≥ {min.ToString(CultureInfo.InvariantCulture)}.");
        return value;
    }
}
