using PostPurchase.Engagement;

namespace PostPurchase.Server.Engagement;

/// <summary>Click and open tracking, splits and the journey report's builder.</summary>
public static class EngagementSetup
{
    public static WebApplicationBuilder AddEngagement(this WebApplicationBuilder builder)
    {
        builder.Services.AddEngagement(builder.Configuration);
        return builder;
    }

    public static IEndpointRouteBuilder MapEngagementEndpoints(this IEndpointRouteBuilder app) => app.MapTrackingEndpoints();
}
