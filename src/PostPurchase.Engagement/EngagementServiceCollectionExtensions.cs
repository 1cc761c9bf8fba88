using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PostPurchase.Engagement.Experiments;
using PostPurchase.Engagement.Reports;
using PostPurchase.Workflows;

namespace PostPurchase.Engagement;

public static class EngagementServiceCollectionExtensions
{
    /// <summary>The Split activity, the journey report builder and the <c>Reports</c> settings.</summary>
    public static IServiceCollection AddEngagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(EngagementSettings.Read(configuration));
        return services.AddEngagementCore();
    }

    /// <summary>The same with <see cref="EngagementSettings"/> registered by the caller (or defaults).</summary>
    public static IServiceCollection AddEngagementCore(this IServiceCollection services)
    {
        services.TryAddSingleton(new EngagementSettings());
        services.TryAddSingleton<JourneyReportBuilder>();
        services.AddActivitiesFrom(typeof(Split).Assembly);
        return services;
    }
}
