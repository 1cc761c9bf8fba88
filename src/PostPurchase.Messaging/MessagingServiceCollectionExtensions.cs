using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Activities;
using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Reviews;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tokens;
using PostPurchase.Messaging.Tracking;
using PostPurchase.Workflows;

namespace PostPurchase.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway, SMTP and Twilio senders, review and unsubscribe services and the messaging activities.
    /// Stores default to in memory (TryAdd): the persistence module registers its EF stores first to replace them.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = MessagingSettings.Read(configuration);
        services.TryAddSingleton(settings);
        services.TryAddSingleton(SmtpSettings.Read(configuration));
        services.TryAddSingleton(new DkimSigning(DkimSettings.Read(configuration))); // a bad key stops start-up here
        services.TryAddSingleton(TwilioSettings.Read(configuration, settings));
        services.TryAddSingleton(SenderIdentity.Read(configuration));
        var secret = MessagingSettings.Text(configuration, "Security:SigningKey");
        services.TryAddSingleton(sp => secret is not null ? SigningKey.FromSecret(secret) : SigningKey.LoadOrCreate(sp.GetRequiredService<MessagingSettings>().DataDirectory));
        return services.AddMessagingCore();
    }

    /// <summary>The same without reading configuration: settings objects must be registered already (tests).</summary>
    public static IServiceCollection AddMessagingCore(this IServiceCollection services)
    {
        services.TryAddSingleton<ISendRecordStore, InMemorySendRecordStore>();
        services.TryAddSingleton<IConsentStore, InMemoryConsentStore>();
        services.TryAddSingleton<IReviewStore, InMemoryReviewStore>();
        services.TryAddSingleton<ISimulationRecorder, InMemorySimulationRecorder>();
        services.TryAddSingleton<UrlTokenSigner>();
        services.TryAddSingleton<UnsubscribeService>();
        services.TryAddSingleton<LateReviews>();
        services.TryAddSingleton<ReviewService>();
        services.TryAddSingleton(new DkimSigning(new DkimSettings())); // unsigned unless AddMessaging read Email__Dkim__*
        services.TryAddSingleton<SmtpConnectionPool>();
        services.TryAddSingleton<IEmailSender, MailKitEmailSender>();
        services.TryAddSingleton<ISmsSender>(sp => new TwilioSmsSender(
            sp.GetRequiredService<TwilioSettings>(), sp.GetRequiredService<MessagingSettings>(), sp.GetRequiredService<ILogger<TwilioSmsSender>>()));
        services.TryAddSingleton(new SenderIdentity());
        services.TryAddSingleton<SmsHelpReply>();
        services.TryAddSingleton<TwilioWebhookHandler>();
        services.TryAddSingleton<ITrackedLinkStore, InMemoryTrackedLinkStore>();
        services.TryAddSingleton<LinkRewriter>();
        services.TryAddSingleton<OpenPixel>();
        services.TryAddSingleton<MessageTracking>();
        services.TryAddSingleton<EngagementRecorder>();
        services.TryAddSingleton(new EmailLayoutSettings()); // no layout file unless the host registered its settings
        services.TryAddSingleton<EmailLayout>();
        services.TryAddSingleton<MessageGateway>();
        services.AddActivitiesFrom(typeof(SendEmail).Assembly);
        return services;
    }
}
