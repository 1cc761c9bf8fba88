using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Activities;
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
        return result.Status == GatewayStatus.Deferred
            ? (result, ActivityResult.Suspend(BookmarkRequest.Timer(result.DeferUntil!.Value)))
            : (result, null);
    }
}
