using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;
using PostPurchase.Workflows.Model;

namespace PostPurchase.Persistence.Privacy;

/// <summary>
/// A right-of-access export (GDPR Art. 15, CCPA "right to know"): everything stored about one customer, as JSON —
/// orders, journeys (input, variables, activity outputs, output, journal), messages sent, consent history, reviews,
/// engagement facts, tracked links, webhook inbox rows and queued work. Times are ISO 8601 UTC; amounts minor units.
/// After an erasure the same request finds nothing (<c>found</c> false, every list empty).
/// </summary>
public sealed class CustomerDataExport(IDbContextFactory<PostPurchaseDbContext> contexts, SuppressionHash? hashes = null)
{
    public async Task<JsonObject> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var footprint = await CustomerFootprint.LocateAsync(db, subject, cancellationToken);

        var orders = (await footprint.OrderRows(db).AsNoTracking().ToListAsync(cancellationToken))
            .Where(o => footprint.Orders.Contains((o.Provider, o.OrderId)))
            .Select(o => new JsonObject
            {
                ["provider"] = o.Provider, ["orderId"] = o.OrderId, ["email"] = o.Email, ["providerCustomer"] = o.ProviderCustomer,
                ["totalMinor"] = o.TotalMinor, ["currency"] = o.Currency, ["purchasedAt"] = Time(o.PurchasedAt), ["refunded"] = o.Refunded,
            });

        var journal = (await footprint.JournalRows(db).AsNoTracking().OrderBy(j => j.Sequence).ToListAsync(cancellationToken)).ToLookup(j => j.InstanceId);
        var instances = (await footprint.InstanceRows(db).AsNoTracking().OrderBy(i => i.CreatedAt).ToListAsync(cancellationToken)).Select(i =>
        {
            var state = JsonNode.Parse(i.State)!.AsObject();
            return new JsonObject
            {
                ["id"] = i.Id, ["definitionId"] = i.DefinitionId, ["definitionVersion"] = i.DefinitionVersion, ["name"] = i.Name,
                ["correlationId"] = i.CorrelationId, ["status"] = ((WorkflowStatus)i.Status).ToString(), ["subStatus"] = ((WorkflowSubStatus)i.SubStatus).ToString(),
                ["createdAt"] = Time(i.CreatedAt), ["finishedAt"] = i.FinishedAt is { } f ? Time(f) : null,
                ["input"] = state["input"]?.DeepClone(), ["variables"] = state["variables"]?.DeepClone(),
                ["activityOutputs"] = state["outputs"]?.DeepClone(), ["output"] = state["output"]?.DeepClone(),
                ["journal"] = new JsonArray(journal[i.Id].Select(j => (JsonNode)new JsonObject
                {
                    ["at"] = Time(j.Timestamp), ["activityId"] = j.ActivityId, ["activityType"] = j.ActivityType, ["event"] = j.EventName,
                    ["message"] = j.Message, ["payload"] = j.Payload is null ? null : JsonNode.Parse(j.Payload),
                }).ToArray()),
            };
        });

        var messages = (await footprint.SendRecordRows(db).AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken)).Select(s => new JsonObject
        {
            ["channel"] = ((Channel)s.Channel).ToString(), ["category"] = ((MessageCategory)s.Category).ToString(), ["recipient"] = s.Recipient,
            ["status"] = ((SendStatus)s.Status).ToString(), ["subject"] = s.Subject, ["createdAt"] = Time(s.CreatedAt),
            ["completedAt"] = s.CompletedAt is { } c ? Time(c) : null, ["detail"] = s.Detail, ["deliveryStatus"] = s.DeliveryStatus,
            ["workflowInstanceId"] = s.WorkflowInstanceId,
        });

        var consent = (await footprint.ConsentRows(db).AsNoTracking().OrderBy(c => c.At).ThenBy(c => c.Sequence).ToListAsync(cancellationToken)).Select(c => new JsonObject
        {
            ["channel"] = ((Channel)c.Channel).ToString(), ["address"] = c.Address, ["status"] = ((ConsentStatus)c.Status).ToString(),
            ["source"] = c.Source, ["at"] = Time(c.At),
        });

        var requests = (await footprint.ReviewRequestRows(db).AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(r => r.Id);
        var reviews = (await footprint.ReviewRows(db).AsNoTracking().OrderBy(r => r.SubmittedAt).ToListAsync(cancellationToken)).Select(r => new JsonObject
        {
            ["orderId"] = r.OrderId, ["rating"] = r.Rating, ["scale"] = r.Scale, ["comment"] = r.Comment, ["submittedAt"] = Time(r.SubmittedAt),
            ["name"] = requests.TryGetValue(r.RequestId, out var request) ? request.CustomerName : null,
        });
        var reviewRequests = requests.Values.OrderBy(r => r.CreatedAt).Select(r => new JsonObject
        {
            ["orderId"] = r.OrderId, ["customerName"] = r.CustomerName, ["createdAt"] = Time(r.CreatedAt), ["expiresAt"] = Time(r.ExpiresAt),
        });

        var events = (await footprint.JourneyEventRows(db).AsNoTracking().OrderBy(e => e.At).ThenBy(e => e.Sequence).ToListAsync(cancellationToken)).Select(e => new JsonObject
        {
            ["kind"] = e.Kind, ["definitionId"] = e.DefinitionId, ["instanceId"] = e.InstanceId, ["activityId"] = e.ActivityId, ["detail"] = e.Detail,
            ["value"] = e.Value, ["customerEmail"] = e.CustomerEmail, ["customerId"] = e.CustomerId, ["userAgentClass"] = e.AgentClass, ["at"] = Time(e.At),
        });

        var links = (await footprint.TrackedLinkRows(db).AsNoTracking().OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken)).Select(l => new JsonObject
        {
            ["id"] = l.Id, ["url"] = l.Url, ["instanceId"] = l.InstanceId, ["activityId"] = l.ActivityId, ["createdAt"] = Time(l.CreatedAt),
        });

        var inbox = (await footprint.InboxRows(db).AsNoTracking().OrderBy(e => e.ReceivedAt).ToListAsync(cancellationToken)).Select(e => new JsonObject
        {
            ["provider"] = e.Provider, ["eventId"] = e.EventId, ["eventType"] = e.EventType, ["outcome"] = e.Outcome, ["orderId"] = e.OrderId,
            ["note"] = e.Note, ["receivedAt"] = Time(e.ReceivedAt),
        });

        var work = (await footprint.WorkItemsAsync(db, cancellationToken)).Select(w => new JsonObject
        {
            ["kind"] = w.Kind, ["correlationId"] = w.CorrelationId, ["instanceId"] = w.InstanceId, ["payload"] = w.Payload is null ? null : JsonNode.Parse(w.Payload),
            ["createdAt"] = Time(w.CreatedAt),
        });

        var export = new JsonObject
        {
            ["subject"] = new JsonObject { ["email"] = subject.Email, ["phone"] = subject.Phone },
            ["names"] = new JsonArray(footprint.Terms.Names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
            ["customerOrders"] = Array(orders),
            ["workflowInstances"] = Array(instances),
            ["messages"] = Array(messages),
            ["consent"] = Array(consent),
            ["reviewRequests"] = Array(reviewRequests),
            ["reviews"] = Array(reviews),
            ["engagement"] = Array(events),
            ["trackedLinks"] = Array(links),
            ["webhookInbox"] = Array(inbox),
            ["queuedWork"] = Array(work),
        };
        export["found"] = export.Where(p => p.Value is JsonArray && p.Key != "names").Any(p => p.Value!.AsArray().Count > 0);
        // Not their data as such, but what we keep after an erasure: say so without the hash itself.
        export["suppressedAfterErasure"] = await SuppressedAfterErasureAsync(db, subject, cancellationToken);
        return export;
    }

    private async Task<bool> SuppressedAfterErasureAsync(PostPurchaseDbContext db, PrivacySubject subject, CancellationToken cancellationToken)
    {
        if (hashes is null) return false;
        var keys = new List<string>();
        if (subject.Email is { } email) keys.Add(hashes.For(Channel.Email, email));
        if (subject.Phone is { } phone) keys.Add(hashes.For(Channel.Sms, phone));
        return await db.Set<Messaging.ConsentChangeRow>().AnyAsync(c => keys.Contains(c.Address), cancellationToken);
    }

    private static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode)i).ToArray());

    private static string Time(long ms) => UnixTime.At(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}
