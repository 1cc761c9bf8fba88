using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Storage;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Messaging.Tracking;

/// <summary>
/// Records a click or an open for the report and raises it as a workflow event for the journey: <c>clicked</c> and
/// <c>clicked:{activityId}</c> (likewise <c>opened</c>), so a flow can wait for "the offer was clicked" with a timeout.
/// Scanner and crawler traffic is recorded as bot and resumes nothing.
/// </summary>
public sealed class EngagementRecorder(
    ITrackedLinkStore links, OpenPixel pixel, IJourneyEventStore events, IWorkQueue work, WorkSignal signal, TimeProvider clock, ILogger<EngagementRecorder> logger)
{
    /// <summary>The URL to redirect to, or null when no link has the id (a tampered or made-up token).</summary>
    public async Task<string?> ClickAsync(string linkId, string? userAgent, CancellationToken cancellationToken = default)
    {
        var link = await links.FindAsync(linkId, cancellationToken);
        if (link is null) return null;
        var agent = UserAgentClass.Of(userAgent);
        await RecordAsync(JourneyEventKinds.Clicked, link.DefinitionId, link.InstanceId, link.ActivityId, link.MessageKey, agent, link.Url, cancellationToken);
        logger.LogInformation("Click on {ActivityId} of instance {InstanceId} ({Agent})", link.ActivityId, link.InstanceId, agent);
        return link.Url;
    }

    /// <summary>False when the token is not one of ours.</summary>
    public async Task<bool> OpenAsync(string token, string? userAgent, CancellationToken cancellationToken = default)
    {
        if (pixel.Verify(token, clock.GetUtcNow()) is not { } message) return false;
        await RecordAsync(JourneyEventKinds.Opened, message.DefinitionId, message.InstanceId, message.ActivityId, message.MessageKey, UserAgentClass.Of(userAgent), null, cancellationToken);
        return true;
    }

    /// <summary>
    /// A provider's final delivery report (<see cref="JourneyEventKinds.Delivered"/> or <see cref="JourneyEventKinds.Undelivered"/>),
    /// raised as <c>message-delivered</c> / <c>message-undelivered</c> (plus <c>:{activityId}</c>): plain "delivered" is the shipment's event.
    /// </summary>
    public async Task DeliveryAsync(SendRecord record, string kind, string? errorCode, CancellationToken cancellationToken = default)
    {
        if (record is not { DefinitionId: { } definitionId, ActivityId: { } activityId, WorkflowInstanceId: { } instanceId }) return;
        await RecordAsync(kind, definitionId, instanceId, activityId, record.IdempotencyKey, null, errorCode, cancellationToken, eventName: "message-" + kind);
    }

    private async Task RecordAsync(string kind, string definitionId, string instanceId, string activityId, string messageKey, string? agent, string? detail,
        CancellationToken cancellationToken, string? eventName = null)
    {
        var now = clock.GetUtcNow();
        await events.AppendAsync([new JourneyEvent
        {
            DefinitionId = definitionId, InstanceId = instanceId, ActivityId = activityId, Kind = kind,
            MessageKey = messageKey, Detail = detail, AgentClass = agent, At = now,
        }], cancellationToken);
        if (agent == UserAgentClass.Bot || instanceId.Length == 0) return;

        var payload = new JsonObject { ["activityId"] = activityId, ["messageKey"] = messageKey, ["detail"] = detail, ["at"] = now.ToString("O") };
        var baseName = eventName ?? kind;
        foreach (var name in new[] { $"{baseName}:{activityId}", baseName })
            await work.EnqueueAsync(new WorkItem { Kind = WorkItemKind.Event, EventName = name, InstanceId = instanceId, Payload = payload.DeepClone().AsObject() }, cancellationToken);
        signal.Notify();
    }
}
