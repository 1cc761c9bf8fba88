using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.InMemory;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Workflows;

public static class WorkflowEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine: activity registry (with Elsa's core activities), expressions, runtime, definition
    /// service and the background worker. Stores default to in-memory; the persistence module replaces them.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<WorkflowRuntimeOptions>? configure = null)
    {
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(ActivityRegistry))?.ImplementationInstance as ActivityRegistry;
        if (registry is null)
        {
            registry = new ActivityRegistry().AddActivitiesFrom(typeof(Activities.Core.Start).Assembly).AddStructuralDescriptors();
            services.AddSingleton(registry);
        }

        var options = new WorkflowRuntimeOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JavaScriptEvaluator>();
        services.TryAddSingleton(new Expressions.CSharp.CSharpOptions());
        services.TryAddSingleton<Expressions.CSharp.CSharpEvaluator>();
        services.TryAddSingleton<TemplateRenderer>();
        services.TryAddSingleton<LiquidRenderer>();
        services.TryAddSingleton<ExpressionEvaluator>();
        services.TryAddSingleton<DefinitionValidator>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<WorkflowDefinitionService>();
        services.TryAddSingleton<WorkSignal>();
        services.TryAddSingleton<IngestPressure>();
        services.TryAddSingleton(new Activities.Http.OutboundHttpOptions());
        services.TryAddSingleton<Activities.Http.OutboundHttpClient>();
        services.TryAddSingleton<IWorkflowDefinitionStore, InMemoryDefinitionStore>();
        services.TryAddSingleton<IJourneyEventStore, InMemoryJourneyEventStore>();
        services.TryAddSingleton<InMemoryInstanceStore>();
        services.TryAddSingleton<IWorkflowInstanceStore>(sp => sp.GetRequiredService<InMemoryInstanceStore>());
        services.TryAddSingleton<IBookmarkQueue>(sp => sp.GetRequiredService<InMemoryInstanceStore>());
        services.TryAddSingleton<IWorkQueue, InMemoryWorkQueue>();
        services.TryAddSingleton<Scheduling.Cron.ITriggerScheduleStore, Scheduling.Cron.InMemoryTriggerScheduleStore>();
        services.TryAddSingleton<Scheduling.Cron.CronTriggers>();
        services.AddOptions<WorkflowWorkerOptions>();
        services.TryAddSingleton<WorkflowWorker>();
        services.AddHostedService<ExpressionWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowWorker>());
        return services;
    }

    /// <summary>Registers every activity in the assembly (one call per module: <c>services.AddActivitiesFrom(typeof(SendEmail).Assembly)</c>).</summary>
    public static IServiceCollection AddActivitiesFrom(this IServiceCollection services, Assembly assembly)
    {
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(ActivityRegistry))?.ImplementationInstance as ActivityRegistry;
        if (registry is null)
        {
            services.AddWorkflowEngine();
            registry = (ActivityRegistry)services.First(d => d.ServiceType == typeof(ActivityRegistry)).ImplementationInstance!;
        }

        registry.AddActivitiesFrom(assembly);
        return services;
    }

    /// <summary>The descriptors the Studio needs for things that are not runnable activities: the not-found stand-in.</summary>
    public static ActivityRegistry AddStructuralDescriptors(this ActivityRegistry registry) => registry
        .AddDescriptor(new ActivityDescriptor
        {
            TypeName = CoreActivityTypes.NotFound, Namespace = "Elsa", Name = "NotFoundActivity", Category = "System", DisplayName = "Not Found",
            Description = "Stands in for an activity type this server does not know.", IsBrowsable = false,
        });
}
