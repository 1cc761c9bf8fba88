using PostPurchase.Messaging.Tracking;
using PostPurchase.Persistence.Engagement;
using PostPurchase.Workflows.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PostPurchase.Commerce.Customers;
using PostPurchase.Commerce.Ingestion;
using PostPurchase.Messaging.Storage;
using PostPurchase.Persistence.Commerce;
using PostPurchase.Persistence.Messaging;
using PostPurchase.Persistence.Schema;
using PostPurchase.Persistence.Workflows;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Replaces the in-memory stores (engine, inbox, messaging) with the EF Core ones on SQLite or PostgreSQL.</summary>
    public static IServiceCollection AddPostPurchasePersistence(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddPooledDbContextFactory<PostPurchaseDbContext>(options =>
        {
            if (provider == DatabaseProvider.PostgreSql) options.UseNpgsql(connectionString);
            else options.UseSqlite(connectionString);
            // Unique-key conflicts are how replays are recognised (inbox, send claims): the stores handle them, and any
            // other database error reaches the caller as an exception, so EF's own error lines would only be noise.
            options.ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)));
        });
        services.AddSingleton(new DatabaseSettings(provider, connectionString));
        services.AddSingleton<SchemaInitializer>();
        services.AddSingleton<Retention.DatabasePruner>();
        services.AddSingleton<Security.StudioUserStore>();
        services.AddSingleton<Security.AuditTrail>();
        services.RemoveAll<IWorkflowDefinitionStore>().AddSingleton<IWorkflowDefinitionStore, EfDefinitionStore>();
        services.RemoveAll<IWorkflowInstanceStore>().AddSingleton<IWorkflowInstanceStore, EfInstanceStore>();
        services.RemoveAll<IBookmarkQueue>().AddSingleton<IBookmarkQueue, EfBookmarkQueue>();
        services.RemoveAll<IWorkQueue>().AddSingleton<IWorkQueue, EfWorkQueue>();
        services.RemoveAll<PostPurchase.Workflows.Scheduling.Cron.ITriggerScheduleStore>()
            .AddSingleton<PostPurchase.Workflows.Scheduling.Cron.ITriggerScheduleStore, EfTriggerScheduleStore>();
        services.RemoveAll<IInboxStore>().AddSingleton<IInboxStore, EfInboxStore>();
        services.RemoveAll<ICustomerHistory>().AddSingleton<ICustomerHistory, EfCustomerHistory>();
        services.RemoveAll<ISendRecordStore>().AddSingleton<ISendRecordStore, EfSendRecordStore>();
        services.RemoveAll<IJourneyEventStore>().AddSingleton<IJourneyEventStore, EfJourneyEventStore>();
        services.RemoveAll<ITrackedLinkStore>().AddSingleton<ITrackedLinkStore, EfTrackedLinkStore>();
        services.RemoveAll<IConsentStore>().AddSingleton<IConsentStore, EfConsentStore>();
        services.RemoveAll<IReviewStore>().AddSingleton<IReviewStore, EfReviewStore>();
        return services;
    }
}
