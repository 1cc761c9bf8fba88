using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Reviews;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tokens;
using PostPurchase.TestSupport.Smtp;
using PostPurchase.TestSupport.Twilio;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Messaging.Tests.Support;

/// <summary>
/// The real engine and the messaging module on a manual clock, talking to a loopback SMTP server and a Twilio stand-in,
/// with a throw-away data directory.
/// </summary>
public sealed class MessagingHost : IAsyncDisposable
{
    private MessagingHost(ManualClock clock, ServiceProvider services, LoopbackSmtpServer smtp, TwilioStandIn twilio, string dataDirectory)
    {
        Clock = clock;
        Services = services;
        Smtp = smtp;
        Twilio = twilio;
        DataDirectory = dataDirectory;
    }

    public ManualClock Clock { get; }
    public ServiceProvider Services { get; }
    public LoopbackSmtpServer Smtp { get; }
    public TwilioStandIn Twilio { get; }
    public string DataDirectory { get; }

    public const string PublicBaseUrl = "https://shop.example.com";
    public const string TwilioFrom = "+15005550006";

    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    public WorkflowWorker Worker => Services.GetRequiredService<WorkflowWorker>();
    public IConsentStore Consent => Services.GetRequiredService<IConsentStore>();
    public ISendRecordStore SendRecords => Services.GetRequiredService<ISendRecordStore>();
    public IReviewStore Reviews => Services.GetRequiredService<IReviewStore>();
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<MessagingHost> StartAsync(
        DateTimeOffset? now = null,
        Func<MessagingSettings, MessagingSettings>? settings = null,
        bool useSmtp = true,
        Action<IServiceCollection>? configure = null,
        LoopbackSmtpOptions? smtpServer = null,
        Func<SmtpSettings, SmtpSettings>? smtpSettings = null)
    {
        var clock = new ManualClock(now ?? new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
        var smtp = new LoopbackSmtpServer(smtpServer);
        var twilio = await TwilioStandIn.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "pp-messaging-" + Guid.NewGuid().ToString("N"));

        var messaging = new MessagingSettings { DataDirectory = data, PublicBaseUrl = PublicBaseUrl, EmailFrom = "Shop <shop@shop.example.com>" };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddWorkflowEngine(o => o.RetryBackoff = TimeSpan.FromSeconds(10));
        services.Configure<WorkflowWorkerOptions>(o => o.Enabled = false);
        services.AddSingleton(settings?.Invoke(messaging) ?? messaging);
        var smtpClient = useSmtp ? new SmtpSettings { Host = smtp.Host, Port = smtp.Port, Timeout = TimeSpan.FromSeconds(10) } : new SmtpSettings();
        services.AddSingleton(smtpSettings?.Invoke(smtpClient) ?? smtpClient);
        services.AddSingleton(new TwilioSettings
        {
            BaseUrl = twilio.BaseUrl.TrimEnd('/'), AccountSid = TwilioStandIn.AccountSid, AuthToken = TwilioStandIn.AuthToken,
            From = TwilioFrom, StatusCallbackUrl = PublicBaseUrl + "/webhooks/twilio/status",
        });
        services.AddSingleton(SigningKey.FromSecret("a-test-signing-key-that-is-long-enough-0123"));
        configure?.Invoke(services); // last registration wins, and TryAdd in AddMessagingCore leaves these alone
        services.AddMessagingCore();
        return new MessagingHost(clock, services.BuildServiceProvider(), smtp, twilio, data);
    }

    public async Task<string> ImportAsync(Flow flow) =>
        (await Services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(flow.Build(), "test")).DefinitionId;

    public Task<WorkflowInstance> StartAsync(string definitionId, JsonObject input, string? instanceId = null) =>
        Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId, Input = input, InstanceId = instanceId });

    public async Task<WorkflowInstance> GetAsync(string instanceId) =>
        (await Services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(instanceId))!;

    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Worker.DrainAsync();
    }

    public async Task<IReadOnlyList<JournalEntry>> JournalAsync(string instanceId) =>
        (await Services.GetRequiredService<IWorkflowInstanceStore>().GetJournalAsync(instanceId, 0, 10_000)).Items;

    /// <summary>The outcome(s) the activity completed with, or null while it has not completed.</summary>
    public async Task<string?> OutcomeAsync(string instanceId, string activityId) =>
        (await JournalAsync(instanceId)).LastOrDefault(e => e.ActivityId == activityId && e.EventName == JournalEvents.Completed)?.Message;

    public async Task<IReadOnlyList<string>> NotesAsync(string instanceId) =>
        (await JournalAsync(instanceId)).Where(e => e.EventName == JournalEvents.Note).Select(e => e.Message ?? "").ToList();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Smtp.DisposeAsync();
        await Twilio.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
