using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace PostPurchase.AI;

/// <summary>Which kind of chat-completions endpoint <see cref="AiSettings.BaseUrl"/> is.</summary>
public enum AiProvider
{
    /// <summary>OpenAI, or any server speaking OpenAI's API (Ollama, vLLM, LM Studio): <c>BaseUrl</c> ends in <c>/v1</c>.</summary>
    OpenAI,

    /// <summary>An Azure OpenAI resource (<c>https://NAME.openai.azure.com</c>) through its v1 API; <c>Model</c> is the deployment name.</summary>
    AzureOpenAI,
}

/// <summary>Settings of the <c>Ai</c> section. Without an API key the AI step always takes its fallback.</summary>
public sealed record AiSettings
{
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    public AiProvider Provider { get; init; } = AiProvider.OpenAI;
    public Uri BaseUrl { get; init; } = new(DefaultBaseUrl);
    public string? ApiKey { get; init; }

    /// <summary>The model name (OpenAI, Ollama, vLLM) or the deployment name (Azure OpenAI).</summary>
    public string Model { get; init; } = "gpt-4o-mini";

    /// <summary>How long one request to the model may take; the whole call, retries included, gets this times (retries + 1).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a 429 or 5xx answer (each after the Retry-After the server asked for, capped by the timeout).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Tokens one journey (instance) may spend in total; past it every AI step takes its fallback.</summary>
    public int MaxTokensPerRun { get; init; } = 4000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>
    /// The OpenAI-compatible endpoint the requests go to: <see cref="BaseUrl"/> as given, or for Azure OpenAI the
    /// resource's v1 API (<c>{BaseUrl}/openai/v1/</c>) when only the resource was given.
    /// </summary>
    public Uri Endpoint => Provider == AiProvider.AzureOpenAI && BaseUrl.AbsolutePath.Trim('/').Length == 0
        ? new Uri(BaseUrl, "/openai/v1/")
        : BaseUrl;

    /// <summary>Reads the <c>Ai</c> section; a bad value throws <see cref="InvalidOperationException"/> naming the setting.</summary>
    public static AiSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Ai");
        var providerText = section["Provider"] is { Length: > 0 } p ? p.Trim() : nameof(AiProvider.OpenAI);
        if (!Enum.TryParse<AiProvider>(providerText, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
            throw new InvalidOperationException($"Setting 'Ai__Provider' is '{providerText}'; use OpenAI (also for Ollama, vLLM and other OpenAI-compatible servers) or AzureOpenAI.");
        if (provider == AiProvider.AzureOpenAI && section["BaseUrl"] is not { Length: > 0 })
            throw new InvalidOperationException("Setting 'Ai__Provider' is AzureOpenAI, so 'Ai__BaseUrl' must name the resource, e.g. https://NAME.openai.azure.com.");
        var baseUrl = section["BaseUrl"] is { Length: > 0 } b ? b.Trim() : DefaultBaseUrl;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"Setting 'Ai__BaseUrl' is '{baseUrl}'; it must be an http(s) URL such as {DefaultBaseUrl}.");
        return new AiSettings
        {
            Provider = provider,
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
