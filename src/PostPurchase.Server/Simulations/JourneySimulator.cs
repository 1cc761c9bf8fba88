using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using PostPurchase.Commerce.Activities;
using PostPurchase.Commerce.Catalog;
using PostPurchase.Commerce.Providers;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Messaging;
using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tokens;
using PostPurchase.Server.Catalog;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Server.Simulations;

/// <summary>
/// Plays a journey for one purchase in a private, in-memory engine on a virtual clock: every rule (consent, quiet
/// hours, caps) is evaluated as in production, but nothing is sent and nothing is written to the server's database.
/// </summary>
public sealed class JourneySimulator(IServiceProvider app)
{
    public async Task<SimulationReport> RunAsync(SimulationRequest request, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var definition = await app.GetRequiredService<IWorkflowDefinitionStore>().FindAsync(
            request.DefinitionId, request.Version is { } v ? VersionOptions.SpecificVersion(v) : VersionOptions.Published, cancellationToken)
            ?? throw new SimulationException($"Workflow definition '{request.DefinitionId}' ({(request.Version is { } n ? $"version {n}" : "published")}) was not found.");
        var purchase = await PurchaseFromAsync(request, cancellationToken);
        if (request.Days is < 1 or > 400) throw new SimulationException("days must be between 1 and 400.");

        var start = purchase.PurchasedAt == default ? app.GetRequiredService<TimeProvider>().GetUtcNow() : purchase.PurchasedAt;
        purchase = purchase with { PurchasedAt = start };
        var clock = new ManualClock(start);
        await using var engine = BuildEngine(clock);
        await engine.GetRequiredService<WorkflowDefinitionService>().ImportAsync(definition.ToElsaJson(), "simulation", cancellationToken);

        var runtime = engine.GetRequiredService<WorkflowRuntime>();
        var instance = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = definition.DefinitionId,
            CorrelationId = purchase.OrderId,
            Input = new JsonObject { ["purchase"] = JsonSerializer.SerializeToNode(purchase, JsonDefaults.Options) },
        }, cancellationToken);

        var instances = engine.GetRequiredService<IWorkflowInstanceStore>();
        var bookmarks = engine.GetRequiredService<IBookmarkQueue>();
        var worker = engine.GetRequiredService<WorkflowWorker>();
        var horizon = start.AddDays(request.Days);
        while (true)
        {
            await worker.DrainAsync(cancellationToken);
            var current = await instances.FindAsync(instance.Id, cancellationToken);
            if (current is null || current.Status == WorkflowStatus.Finished) break;
            if (await bookmarks.NextDueAsync(cancellationToken) is not { } due || due > horizon) break;
            if (due > clock.GetUtcNow()) clock.SetUtcNow(due);
        }

        var final = await instances.FindAsync(instance.Id, cancellationToken) ?? instance;
        // The private engine holds only this run: the journey and the workflows it started (sub-journeys, children).
        var recorder = engine.GetRequiredService<ISimulationRecorder>();
        var journal = new List<JournalEntry>();
        var messages = new List<SimulatedMessage>();
        foreach (var run in (await instances.ListAsync(new InstanceQuery { PageSize = 1_000, Descending = false }, cancellationToken)).Items)
        {
            journal.AddRange((await instances.GetJournalAsync(run.Id, 0, 10_000, cancellationToken)).Items);
            messages.AddRange(recorder.ForInstance(run.Id));
        }

        return new SimulationReport
        {
            DefinitionId = definition.DefinitionId,
            Version = definition.Version,
            OrderId = purchase.OrderId,
            Status = final.Status == WorkflowStatus.Finished ? final.SubStatus.ToString() : "Waiting",
            Steps = Steps(journal, messages, start),
            ElapsedMilliseconds = Math.Round(watch.Elapsed.TotalMilliseconds, 1),
        };
    }

    private static List<SimulationStep> Steps(IReadOnlyList<JournalEntry> journal, IReadOnlyList<SimulatedMessage> messages, DateTimeOffset start)
    {
        double Day(DateTimeOffset at) => Math.Round((at - start).TotalDays, 2);
        var steps = journal
            .Where(j => j.EventName is JournalEvents.Completed or JournalEvents.Suspended or JournalEvents.Faulted or JournalEvents.Note)
            .Select(j => new SimulationStep
            {
                At = j.Timestamp, Day = Day(j.Timestamp), Kind = "activity", ActivityId = j.ActivityId, ActivityType = j.ActivityType,
                Event = j.EventName, Outcome = j.EventName == JournalEvents.Completed ? j.Message : null,
                Rule = j.EventName == JournalEvents.Completed ? null : j.Message,
            })
            .Concat(messages.Select(m => new SimulationStep
            {
                At = m.At, Day = Day(m.At), Kind = "message", ActivityId = m.ActivityId, Channel = m.Channel.ToString().ToLowerInvariant(),
                Category = m.Category.ToString().ToLowerInvariant(), To = m.To, Subject = m.Subject, Body = m.Body,
                Status = m.Status.ToString(), Rule = m.Rule, Html = m.Html, Text = m.Text,
            }));
        return steps.OrderBy(s => s.At).ThenBy(s => s.Kind == "message" ? 1 : 0).ToList();
    }

    /// <summary>A private engine: in-memory stores (definitions read through to the server's), the virtual clock, the server's activities, settings and catalogue.</summary>
    internal ServiceProvider BuildEngine(ManualClock clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(app.GetRequiredService<ActivityRegistry>());
        services.AddSingleton(app.GetRequiredService<PostPurchase.Workflows.Expressions.CSharp.CSharpOptions>()); // C# as the server allows it
        services.AddSingleton<IWorkflowDefinitionStore>(new ReadThroughDefinitionStore(app.GetRequiredService<IWorkflowDefinitionStore>()));
        services.AddWorkflowEngine();
        services.Configure<WorkflowWorkerOptions>(o => o.Enabled = false);
        services.RemoveAll<WorkflowRuntime>();
        services.AddSingleton(sp => new WorkflowRuntime(
            sp.GetRequiredService<IWorkflowDefinitionStore>(), sp.GetRequiredService<IWorkflowInstanceStore>(), sp.GetRequiredService<IBookmarkQueue>(),
            sp.GetRequiredService<ActivityRegistry>(), sp, clock, sp.GetRequiredService<WorkflowRuntimeOptions>(), sp.GetRequiredService<ILogger<WorkflowRuntime>>())
        {
            IsSimulation = true,
        });

        foreach (var shared in new[] { typeof(MessagingSettings), typeof(SmtpSettings), typeof(TwilioSettings), typeof(SigningKey), typeof(IConsentStore),
                     typeof(ProductCatalog), typeof(IDownloadLinks), typeof(StoreSettings), typeof(SenderIdentity) })
            services.AddSingleton(shared, app.GetRequiredService(shared));
        foreach (var globals in app.GetServices<IExpressionGlobals>()) services.AddSingleton(globals);
        services.AddMessagingCore();
        SimulationModules.Register(services, app);
        return services.BuildServiceProvider();
    }

    private async Task<Purchase> PurchaseFromAsync(SimulationRequest request, CancellationToken cancellationToken)
    {
        if (request.Payload is null) throw new SimulationException("payload is required: a purchase webhook body (generic, stripe, shopify or paypal).");
        var body = Encoding.UTF8.GetBytes(request.Payload.ToJsonString());
        WebhookEvent webhookEvent;
        try
        {
            webhookEvent = request.Provider.ToLowerInvariant() switch
            {
                "generic" => app.GetRequiredService<GenericEventNormalizer>().Normalize("simulation", body),
                "stripe" => (await app.GetRequiredService<StripeEventNormalizer>().NormalizeAsync(body, cancellationToken)).Event,
                "shopify" => app.GetRequiredService<ShopifyEventNormalizer>().Normalize(request.Topic ?? "orders/paid", body),
                "paypal" => app.GetRequiredService<PayPalEventNormalizer>().Normalize(body).Event,
                "purchase" => NormalizedPurchase(request.Payload),
                _ => throw new SimulationException($"provider '{request.Provider}' is not generic, stripe, shopify, paypal or purchase."),
            };
        }
        catch (MalformedWebhookException ex)
        {
            throw new SimulationException($"The payload is not a valid {request.Provider} webhook body: {ex.Message}");
        }

        return webhookEvent.Purchase ?? throw new SimulationException($"The payload is a '{webhookEvent.EventType}' event, not a purchase ({webhookEvent.Reason}).");
    }

    /// <summary>Provider <c>purchase</c>: the payload is already a normalised <see cref="Purchase"/> (as journeys receive it).</summary>
    private static WebhookEvent NormalizedPurchase(JsonObject payload)
    {
        Purchase? purchase;
        try
        {
            purchase = payload.Deserialize<Purchase>(JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            throw new SimulationException($"The payload is not a purchase: {ex.Message}");
        }

        if (purchase is null || string.IsNullOrWhiteSpace(purchase.OrderId)) throw new SimulationException("The payload is not a purchase: orderId is missing.");
        return WebhookEvent.Started("purchase", purchase);
    }
}

/// <summary>A simulation request that cannot run; answered with 400 and its message.</summary>
public sealed class SimulationException(string message) : Exception(message);
