using System.Text.Json.Nodes;
using PostPurchase.Messaging;
using PostPurchase.Messaging.Email;
using PostPurchase.Messaging.Sms;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Messaging;

/// <summary>
/// Start-up checks of the messaging settings, run after the definitions are imported:
/// marketing email needs the sender's legal name and postal address (CAN-SPAM) — missing with real sending
/// (<c>Smtp__Host</c>) and a published journey that sends marketing email, the server refuses to start; with outbox
/// files it only warns. SMS with the default zone left at UTC is warned about (quiet hours would be UTC hours).
/// </summary>
public sealed class MessagingStartupChecks(
    IWorkflowDefinitionStore definitions, SenderIdentity sender, SmtpSettings smtp, TwilioSettings twilio, MessagingSettings settings,
    ILogger<MessagingStartupChecks> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (twilio.IsConfigured && settings.DefaultTimeZone is "UTC" or "Etc/UTC" or "Etc/GMT" or "GMT")
            logger.LogWarning("SMS is configured and Messaging__DefaultTimeZone is {Zone}: a purchase whose time zone cannot be found or inferred gets its texts in {Zone} hours. Set Messaging__DefaultTimeZone to your customers' usual zone (e.g. America/New_York)",
                settings.DefaultTimeZone, settings.DefaultTimeZone);

        if (sender.HasPostalIdentity) return;
        var marketing = await MarketingEmailJourneysAsync(cancellationToken);
        if (marketing.Count == 0) return;
        var missing = string.Join(" and ", new[] { sender.LegalName is null ? "Store__LegalName" : null, sender.PostalAddress is null ? "Store__PostalAddress" : null }.OfType<string>());
        var problem = $"Journey(s) {string.Join(", ", marketing)} send marketing email, which must carry the sender's legal name and physical postal address (CAN-SPAM; EU/UK sender identification), but {missing} is not set.";
        if (smtp.Host is not null)
            throw new InvalidOperationException(problem + " Set it (e.g. Store__LegalName=\"Acme Photo Ltd\", Store__PostalAddress=\"1 Main St, Springfield, IL 62701, USA\") before sending real email.");
        logger.LogWarning("{Problem} Outbox files only (no Smtp__Host), so the server starts; set it before sending real email", problem);
    }

    /// <summary>The published journeys with a SendEmail or ReviewRequest step whose category is marketing.</summary>
    private async Task<List<string>> MarketingEmailJourneysAsync(CancellationToken cancellationToken)
    {
        var published = await definitions.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published }, cancellationToken);
        return published.Where(d => SendsMarketingEmail(d.Document["root"])).Select(d => d.DefinitionId).Distinct().Order().ToList();
    }

    private static bool SendsMarketingEmail(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && IsMarketingEmail(o) => true,
        JsonObject o => o.Any(p => SendsMarketingEmail(p.Value)),
        JsonArray a => a.Any(SendsMarketingEmail),
        _ => false,
    };

    private static bool IsMarketingEmail(JsonObject activity)
    {
        var type = activity["type"]!.GetValue<string>();
        if (type is not ("PostPurchase.SendEmail" or "PostPurchase.ReviewRequest")) return false;
        var category = activity["category"]?["expression"]?["value"]?.ToString();
        // ReviewRequest is marketing unless told otherwise; an expression we cannot read counts as marketing.
        return category is null ? type == "PostPurchase.ReviewRequest" : !category.Trim().Equals("transactional", StringComparison.OrdinalIgnoreCase);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
