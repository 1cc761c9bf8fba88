using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Commerce.Purchases;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Server.Simulations;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.ElsaApi;

/// <summary>
/// The Studio's Test tab: runs one activity of a stored definition version as a simulation on the journey's sample
/// purchase (<see cref="SamplePurchases"/>), in the simulator's private in-memory engine. Nothing is sent, nothing is
/// stored, no report figure changes; the outcome, outputs, log, the rendered message and the rule that acted, or what
/// the activity would wait for, come back in <see cref="ActivityTestResult"/>.
/// </summary>
public sealed class ActivityTestRunner(IWorkflowDefinitionStore definitions, SamplePurchases samples, JourneySimulator simulator, TimeProvider clock)
{
    /// <summary>Activity types that would reach an outside service directly; the Test tab does not run them.</summary>
    private static readonly HashSet<string> NotRun = ["Elsa.FlowSendHttpRequest", "Elsa.SendHttpRequest"];

    /// <exception cref="BadRequestException">The request names no definition version or activity.</exception>
    /// <exception cref="ActivityTestNotFoundException">The definition version or the activity does not exist.</exception>
    public async Task<ActivityTestResult> RunAsync(ActivityTestRequest request, CancellationToken cancellationToken)
    {
        var definition = await FindDefinitionAsync(request, cancellationToken);
        var activity = FindActivity(DefinitionJson.Full(definition)["root"] as JsonObject, request)
            ?? throw new ActivityTestNotFoundException($"Activity '{request.ActivityNodeId ?? request.ActivityId}' is not in {definition.DefinitionId} version {definition.Version}. Save the workflow and try again.");
        var activityId = activity["id"]!.GetValue<string>();
        var type = activity["type"]?.GetValue<string>() ?? "";
        var sample = await samples.ForJourneyAsync(definition.DefinitionId, cancellationToken);
        var result = new ActivityTestResult { ActivityId = activityId, ActivityType = type, Sample = sample };
        if (NotRun.Contains(type))
            return result.Failed("NotTested", $"{type} calls an outside service; the Test tab runs nothing that reaches outside the server. Try it in a workflow run.");

        var now = clock.GetUtcNow();
        var purchase = sample.Purchase.PurchasedAt == default ? sample.Purchase with { PurchasedAt = now } : sample.Purchase;
        await using var engine = simulator.BuildEngine(new ManualClock(now));
        engine.GetRequiredService<WorkflowRuntimeOptions>().MaxAttempts = 1; // report the first failure instead of scheduling a retry
        await engine.GetRequiredService<IWorkflowDefinitionStore>().SaveAsync([new WorkflowDefinition
        {
            Id = definition.Id, DefinitionId = definition.DefinitionId, Version = definition.Version, Name = definition.Name,
            IsLatest = true, IsPublished = true, CreatedAt = now, Source = "test", Document = OnlyActivity(definition.Document, activity),
        }], cancellationToken);

        WorkflowInstance instance;
        try
        {
            instance = await engine.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest
            {
                DefinitionVersionId = definition.Id,
                CorrelationId = purchase.OrderId,
                TriggerActivityId = activityId,
                Input = new JsonObject { ["purchase"] = JsonSerializer.SerializeToNode(purchase, JsonDefaults.Options) },
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return result.Failed(ex.GetType().Name, ex.Message);
        }

        var journal = (await engine.GetRequiredService<IWorkflowInstanceStore>().GetJournalAsync(instance.Id, 0, 1_000, cancellationToken)).Items;
        var messages = engine.GetRequiredService<ISimulationRecorder>().ForInstance(instance.Id);
        return result.From(instance, journal, messages);
    }

    private async Task<WorkflowDefinition> FindDefinitionAsync(ActivityTestRequest request, CancellationToken cancellationToken)
    {
        if (request.DefinitionVersionId is { } versionId)
            return await definitions.FindByIdAsync(versionId, cancellationToken)
                ?? throw new ActivityTestNotFoundException($"Workflow definition version '{versionId}' was not found.");
        if (request.DefinitionId is { } definitionId)
            return await definitions.FindAsync(definitionId, request.VersionOptions, cancellationToken)
                ?? throw new ActivityTestNotFoundException($"Workflow definition '{definitionId}' ({request.VersionOptions.Kind}) was not found.");
        throw new BadRequestException("workflowDefinitionHandle", "Give workflowDefinitionHandle.definitionVersionId, or definitionId with versionOptions.");
    }

    /// <summary>The activity the handle names: by node id (what the Studio sends), else by activity id, anywhere in the tree.</summary>
    private static JsonObject? FindActivity(JsonObject? root, ActivityTestRequest request)
    {
        var all = Descendants(root).ToList();
        if (request.ActivityNodeId is { } nodeId)
            return all.FirstOrDefault(a => a["nodeId"]?.GetValue<string>() == nodeId)
                ?? all.FirstOrDefault(a => a["id"]?.GetValue<string>() == nodeId.Split(':')[^1]);
        return request.ActivityId is { } id ? all.FirstOrDefault(a => a["id"]?.GetValue<string>() == id) : null;
    }

    private static IEnumerable<JsonObject> Descendants(JsonObject? container)
    {
        if (container is null) yield break;
        foreach (var key in new[] { "activities", "states" })
            foreach (var child in container[key] as JsonArray ?? [])
                if (child is JsonObject activity && activity["id"] is not null)
                {
                    yield return activity;
                    foreach (var nested in Descendants(activity)) yield return nested;
                }
        foreach (var key in new[] { "body", "root" })
            if (container[key] is JsonObject inner && inner["id"] is not null)
            {
                yield return inner;
                foreach (var nested in Descendants(inner)) yield return nested;
            }
    }

    /// <summary>The definition with a flowchart holding only <paramref name="activity"/> (and its own children): it runs alone.</summary>
    private static JsonObject OnlyActivity(JsonObject document, JsonObject activity)
    {
        var copy = (JsonObject)document.DeepClone();
        var alone = (JsonObject)activity.DeepClone();
        alone.Remove("nodeId");
        copy["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart", ["id"] = "TestFlowchart", ["nodeId"] = "Workflow1:TestFlowchart", ["version"] = 1,
            ["activities"] = new JsonArray(alone), ["connections"] = new JsonArray(),
        };
        return copy;
    }
}

/// <summary>What the Test tab asked for: Elsa's <c>TestActivityRequest</c> (a workflow definition handle and an activity handle).</summary>
public sealed record ActivityTestRequest(string? DefinitionVersionId, string? DefinitionId, VersionOptions VersionOptions, string? ActivityId, string? ActivityNodeId)
{
    /// <summary>Reads <c>{"workflowDefinitionHandle":{…},"activityHandle":{…}}</c> (names case-insensitive).</summary>
    /// <exception cref="BadRequestException">A missing handle or an unknown versionOptions.</exception>
    public static ActivityTestRequest Read(JsonObject body)
    {
        var definition = body.Find("workflowDefinitionHandle") as JsonObject
            ?? throw new BadRequestException("workflowDefinitionHandle", "workflowDefinitionHandle is required.");
        var activity = body.Find("activityHandle") as JsonObject
            ?? throw new BadRequestException("activityHandle", "activityHandle is required.");
        var request = new ActivityTestRequest(
            definition.String("definitionVersionId"), definition.String("definitionId"),
            ApiQuery.Versions(definition.String("versionOptions"), VersionOptions.Latest),
            activity.String("activityId"), activity.String("activityNodeId"));
        if (request.ActivityId is null && request.ActivityNodeId is null)
            throw new BadRequestException("activityHandle", "Give activityHandle.activityNodeId or activityHandle.activityId.");
        return request;
    }
}

/// <summary>The definition version or activity of a test request does not exist (404).</summary>
public sealed class ActivityTestNotFoundException(string message) : Exception(message);
