using PostPurchase.Server.ApiDescription;
using PostPurchase.Server.Auth;
using PostPurchase.Server.HttpWorkflows;
using PostPurchase.Server.Engagement;
using PostPurchase.Server.Catalog;
using PostPurchase.Server.ElsaApi;
using PostPurchase.Server.Health;
using PostPurchase.Server.Instances;
using PostPurchase.Server.Messaging;
using PostPurchase.Server.Privacy;
using PostPurchase.Server.Reports;
using PostPurchase.Server.Security;
using PostPurchase.Server.Simulations;
using PostPurchase.Server.Studio;
using PostPurchase.Server.Webhooks;

namespace PostPurchase.Server.Hosting;

/// <summary>The one place that wires the modules together: each module adds its services and maps its endpoints.</summary>
public static class PostPurchaseHost
{
    public static WebApplicationBuilder AddPostPurchase(this WebApplicationBuilder builder)
    {
        DefaultDataDirectory.Apply(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        builder.AddSecurity();
        builder.AddEngine();
        builder.AddCommerce();
        builder.AddCatalog();
        builder.AddMessaging();
        builder.AddAi();
        builder.AddEngagement();
        builder.AddStudio();
        builder.AddSimulations();
        builder.Services.AddActivityTests(); // the Studio's Test tab (ElsaApi/ActivityTestEndpoints)
        builder.AddApiDescription();
        builder.AddPrivacy();
        return builder;
    }

    public static WebApplication MapPostPurchase(this WebApplication app)
    {
        app.UseSecurity(); // first: forwarded headers, security headers and throttling cover every endpoint below
        app.MapHealth();
        app.MapInstanceApi();
        app.MapWebhooks();
        app.MapCatalog();
        app.MapMessagingEndpoints();
        app.MapEngagementEndpoints();
        app.MapStudio();
        app.MapReports();
        app.MapElsaApi();
        app.MapSimulations();
        app.MapAudit();
        app.MapUserAdministration();
        app.MapPrivacy();
        app.MapSingleSignOn();
        app.MapApiDescription();
        app.MapHttpWorkflows();
        return app;
    }
}
