namespace PostPurchase.Server.Messaging;

/// <summary>Email, SMS, review requests, unsubscribe and review pages, Twilio webhooks.</summary>
public static class MessagingSetup
{
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapMessagingEndpoints(this IEndpointRouteBuilder app) => app;
}
