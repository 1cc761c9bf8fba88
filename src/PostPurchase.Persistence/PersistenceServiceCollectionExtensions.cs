using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PostPurchase.Persistence.Schema;
using PostPurchase.Persistence.Workflows;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Replaces the engine's in-memory stores with the EF Core ones on SQLite or PostgreSQL.</summary>
    public static IServiceCollection AddPostPurchasePersistence(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddPooledDbContextFactory<PostPurchaseDbContext>(options =>
        {
            if (provider == DatabaseProvider.PostgreSql) options.UseNpgsql(connectionString);
            else options.UseSqlite(connectionString);
        });
        services.AddSingleton(new DatabaseSettings(provider, connectionString));
        services.AddSingleton<SchemaInitializer>();
        services.RemoveAll<IWorkflowDefinitionStore>().AddSingleton<IWorkflowDefinitionStore, EfDefinitionStore>();
        services.RemoveAll<IWorkflowInstanceStore>().AddSingleton<IWorkflowInstanceStore, EfInstanceStore>();
        services.RemoveAll<IBookmarkQueue>().AddSingleton<IBookmarkQueue, EfBookmarkQueue>();
        services.RemoveAll<IWorkQueue>().AddSingleton<IWorkQueue, EfWorkQueue>();
        return services;
    }
}
