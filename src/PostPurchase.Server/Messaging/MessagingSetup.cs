using PostPurchase.Messaging;

namespace PostPurchase.Server.Messaging;

/// <summary>Email, SMS, review requests, unsubscribe and review pages, Twilio webhooks.</summary>
public static class MessagingSetup
{
    /// <summary>Registers the messaging module; its stores default to in memory unless persistence registered its own first.</summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Services.AddMessaging(builder.Configuration);
        builder.Services.AddHostedService<MessagingStartupChecks>(); // after StartupInitializer: it imports the journeys
        return builder;
    }

    public static IEndpointRouteBuilder MapMessagingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapUnsubscribeEndpoints();
        app.MapReviewEndpoints();
        app.MapTwilioWebhooks();
        app.MapReviewApi();
        return app;
    }
}
