using PostPurchase.Messaging;
using PostPurchase.Messaging.Email;
using PostPurchase.Server.Hosting;

namespace PostPurchase.Server.Messaging;

/// <summary>Email, SMS, review requests, unsubscribe and review pages, Twilio webhooks.</summary>
public static class MessagingSetup
{
    /// <summary>Registers the messaging module; its stores default to in memory unless persistence registered its own first.</summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        var workflows = ServerSettings.Read(builder.Configuration, builder.Environment.ContentRootPath).WorkflowsDirectory;
        builder.Services.AddSingleton(EmailLayoutSettings.Read(builder.Configuration, workflows)); // a malformed setting stops start-up here
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
