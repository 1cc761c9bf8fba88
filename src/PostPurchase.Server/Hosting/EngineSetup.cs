using System.Globalization;
using Microsoft.Extensions.Options;
using PostPurchase.Persistence;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Runtime;

namespace PostPurchase.Server.Hosting;

/// <summary>Engine, persistence, workflow clock and start-up import of <c>workflows/</c>.</summary>
public static class EngineSetup
{
    public static WebApplicationBuilder AddEngine(this WebApplicationBuilder builder)
    {
        var settings = ServerSettings.Read(builder.Configuration, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(settings.DataDirectory);
        builder.Services.AddSingleton(settings);

        // Outgoing HTTP from workflows (Elsa.FlowSendHttpRequest): internal addresses refused unless allowed.
        builder.Services.AddSingleton(new PostPurchase.Workflows.Activities.Http.OutboundHttpOptions
        {
            AllowPrivateAddresses = builder.Configuration.GetValue("HttpRequests:AllowPrivateAddresses", false),
            Timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("HttpRequests:TimeoutSeconds", 30)),
            MaxRetries = builder.Configuration.GetValue("HttpRequests:MaxRetries", 2),
        });
        // C# scripts (Elsa.RunCSharp, CSharp expressions): arbitrary code with the server's privileges, off unless enabled.
        builder.Services.AddSingleton(new PostPurchase.Workflows.Expressions.CSharp.CSharpOptions
        {
            Enabled = builder.Configuration.GetValue("Scripting:CSharp:Enabled", false),
            Timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Scripting:CSharp:TimeoutSeconds", 5.0)),
        });
        builder.Services.AddSingleton<PostPurchase.Server.Auth.PrivilegedDefinitions>();
        builder.Services.AddSingleton<TimeProvider>(settings.ClockSpeed == 1 ? TimeProvider.System : new AcceleratedClock(settings.ClockSpeed, origin: settings.ClockOrigin));
        builder.Services.AddWorkflowEngine(options =>
        {
            options.MaxAttempts = settings.MaxAttempts;
            options.RetryBackoff = settings.RetryBackoff;
        });
        builder.Services.Configure<WorkflowWorkerOptions>(builder.Configuration.GetSection("Worker"));
        builder.Services.AddPostPurchasePersistence(settings.DatabaseProvider, settings.ConnectionString);
        builder.Services.AddSingleton(RetentionWorker.ReadPolicy(builder.Configuration));
        builder.Services.AddHostedService<RetentionWorker>();
        builder.Services.AddSingleton<StartupInitializer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StartupInitializer>());
        return builder;
    }
}

/// <summary>Settings the host reads itself; a missing or malformed one stops start-up with a message naming it.</summary>
public sealed record ServerSettings(
    string DataDirectory,
    string WorkflowsDirectory,
    DatabaseProvider DatabaseProvider,
    string ConnectionString,
    double ClockSpeed,
    DateTimeOffset? ClockOrigin,
    int MaxAttempts,
    TimeSpan RetryBackoff)
{
    public static ServerSettings Read(IConfiguration configuration, string contentRoot)
    {
        var data = Path.GetFullPath(configuration["Data:Directory"] is { Length: > 0 } d ? d : Path.Combine(Directory.GetCurrentDirectory(), "data"));
        var workflows = configuration["Workflows:Directory"] is { Length: > 0 } w ? Path.GetFullPath(w) : FindWorkflowsDirectory(contentRoot);

        var providerText = configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
            throw new InvalidOperationException($"Setting 'Database__Provider' is '{providerText}'; use Sqlite or PostgreSql.");
        var connection = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.PostgreSql)
                throw new InvalidOperationException("Setting 'ConnectionStrings__Default' is required when Database__Provider is PostgreSql (e.g. Host=localhost;Database=postpurchase;Username=postpurchase;Password=…).");
            connection = $"Data Source={Path.Combine(data, "postpurchase.db")};Default Timeout=30";
        }

        return new ServerSettings(data, workflows, provider, connection,
            Number(configuration, "Clock:Speed", 1, min: 0.000001),
            Instant(configuration, "Clock:Origin"),
            (int)Number(configuration, "Workflows:MaxAttempts", 3, min: 1),
            TimeSpan.FromSeconds(Number(configuration, "Workflows:RetryBackoffSeconds", 10, min: 0)));
    }

    private static DateTimeOffset? Instant(IConfiguration configuration, string key)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            throw new InvalidOperationException($"Setting '{key.Replace(":", "__")}' is '{text}'; it must be an ISO 8601 time such as 2026-01-05T09:00:00Z.");
        return value;
    }

    private static double Number(IConfiguration configuration, string key, double fallback, double min)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new InvalidOperationException($"Setting '{key.Replace(":", "__")}' is '{text}'; it must be a number ≥ {min.ToString(CultureInfo.InvariantCulture)}.");
        return value;
    }

    /// <summary>The repository's <c>workflows/</c>, found by walking up from the content root (works for <c>dotnet run</c> and tests).</summary>
    private static string FindWorkflowsDirectory(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows");
            if (Directory.Exists(candidate)) return candidate;
        }

        return Path.Combine(contentRoot, "workflows");
    }
}
