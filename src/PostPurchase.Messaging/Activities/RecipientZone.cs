using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Workflows.Activities;

namespace PostPurchase.Messaging.Activities;

/// <summary>
/// Settles the recipient's time zone before a message meets quiet hours, and says so when it is not the purchase's own:
/// a warning in the log and a note in the instance's journal (which the simulator shows) naming the zone and why.
/// </summary>
internal static class RecipientZone
{
    public static OutgoingMessage Settle(ActivityExecutionContext context, OutgoingMessage message)
    {
        var settings = context.Services.GetService<MessagingSettings>();
        if (settings?.WindowFor(message.Channel) is null) return message; // no quiet hours: the zone does not matter

        var phone = message.Channel == Channel.Sms ? message.To : null;
        var choice = RecipientTimeZones.Resolve(message.TimeZone, phone, message.Country, settings.DefaultTimeZone);
        if (choice.Note is null) return message;

        context.Services.GetService<ILoggerFactory>()?.CreateLogger("PostPurchase.Messaging.TimeZones")
            .LogWarning("Instance {InstanceId}, step {ActivityId}: {Note}", context.WorkflowInstanceId, context.ActivityId, choice.Note);
        context.AddJournalNote($"Quiet hours in {choice.Zone.Id}: {choice.Note}", new JsonObject
        {
            ["timeZone"] = choice.Zone.Id,
            ["requestedTimeZone"] = message.TimeZone,
            ["default"] = choice.IsDefault ? true : null,
        });
        var settled = message with { TimeZone = choice.Zone.Id };
        if (GatewayStep.Saved(context) is not null) GatewayStep.Save(context, settled); // a deferred retry notes it once
        return settled;
    }
}
