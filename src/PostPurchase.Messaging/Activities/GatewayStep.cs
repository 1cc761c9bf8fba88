using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace PostPurchase.Messaging.Activities;

/// <summary>
/// The shared part of every messaging activity: keep the rendered message in the activity's state, hand it to the
/// gateway, and turn a deferral into a timer bookmark (the activity tries again when it fires).
/// </summary>
internal static class GatewayStep
{
    private const string MessageKey = "message";

    public static OutgoingMessage? Saved(ActivityExecutionContext context) =>
        context.ActivityState[MessageKey]?.Deserialize<OutgoingMessage>(JsonDefaults.Options);

    public static void Save(ActivityExecutionContext context, OutgoingMessage message) =>
        context.ActivityState[MessageKey] = JsonSerializer.SerializeToNode(message, JsonDefaults.Options);

    /// <summary>Sends (or defers, or suppresses) and notes in the journal which rule acted. Null result means suspended.</summary>
    public static async Task<(GatewayResult Result, ActivityResult? Suspend)> SendAsync(ActivityExecutionContext context, MessageGateway gateway, OutgoingMessage message)
    {
        message = RecipientZone.Settle(context, message);
        var maxAttempts = context.Services.GetService<WorkflowRuntimeOptions>()?.MaxAttempts ?? 1;
        var result = await gateway.SendAsync(message, context.Now, new SendOptions(context.IsSimulation, context.Attempt >= maxAttempts), context.CancellationToken);
        context.AddJournalNote($"{message.Channel} ({message.Category.ToString().ToLowerInvariant()}): {result.Reason}", new JsonObject
        {
            ["channel"] = message.Channel.ToString(),
            ["status"] = result.Status.ToString(),
            ["to"] = Addresses.Mask(message.To),
            ["deferUntil"] = result.DeferUntil?.ToString("O"),
            ["simulated"] = context.IsSimulation ? true : null,
            ["replay"] = result.WasReplay ? true : null,
        });
        RecordForReport(context, message, result);
        return result.Status == GatewayStatus.Deferred
            ? (result, ActivityResult.Suspend(BookmarkRequest.Timer(result.DeferUntil!.Value)))
            : (result, null);
    }

    private static void RecordForReport(ActivityExecutionContext context, OutgoingMessage message, GatewayResult result)
    {
        var key = message.IdempotencyKey;
        switch (result.Status)
        {
            case GatewayStatus.Sent:
                context.RecordEvent(JourneyEventKinds.Sent, message.Channel.ToString().ToLowerInvariant(), messageKey: key);
                // An SMTP server's acceptance is all the delivery news email gets; Twilio reports SMS delivery later.
                if (message.Channel == Channel.Email) context.RecordEvent(JourneyEventKinds.Delivered, messageKey: key);
                if (result.Segments > 0) context.RecordEvent(JourneyEventKinds.SmsSegments, value: result.Segments, messageKey: key);
                break;
            case GatewayStatus.Suppressed:
                context.RecordEvent(JourneyEventKinds.Suppressed, result.ReasonClass ?? "other", messageKey: key);
                break;
            case GatewayStatus.Deferred:
                context.RecordEvent(JourneyEventKinds.Deferred, result.ReasonClass ?? "other", messageKey: key);
                break;
            case GatewayStatus.Failed:
                context.RecordEvent(JourneyEventKinds.Failed, result.Reason, messageKey: key);
                break;
        }
    }
}
