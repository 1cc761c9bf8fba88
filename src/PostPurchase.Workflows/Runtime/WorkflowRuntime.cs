using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Runtime;

/// <summary>
/// Starts, resumes, cancels and retries instances against the stores. Every change is: load the instance, run it in
/// memory, save it with its bookmark and journal changes in one transaction guarded by the instance's revision; on a
/// concurrent update the change is redone on the fresh state.
/// </summary>
public sealed class WorkflowRuntime(
    IWorkflowDefinitionStore definitions,
    IWorkflowInstanceStore instances,
    IBookmarkQueue bookmarks,
    ActivityRegistry registry,
    IServiceProvider services,
    TimeProvider clock,
    WorkflowRuntimeOptions options,
    ILogger<WorkflowRuntime> logger)
{
    private const int MaxConflictRetries = 8;
    private readonly WorkflowRunner _runner = new(registry, options);
    private readonly ConcurrentDictionary<string, (WorkflowDefinition Definition, WorkflowGraph Graph)> _publishedCache = new();

    /// <summary>Runs activities without contacting the outside world (the simulator's runtime).</summary>
    public bool IsSimulation { get; init; }

    public async Task<WorkflowInstance> StartAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default) =>
        (await StartCoreAsync(request, lookForReplay: true, cancellationToken)).Instance;

    /// <param name="lookForReplay">False when the caller has just checked that no instance has the request's id.</param>
    /// <returns>The instance, and whether its correlation was found cancelled right after it was created.</returns>
    private async Task<(WorkflowInstance Instance, bool CorrelationCancelled)> StartCoreAsync(StartWorkflowRequest request, bool lookForReplay, CancellationToken cancellationToken)
    {
        var definition = request.DefinitionVersionId is not null
            ? await definitions.FindByIdAsync(request.DefinitionVersionId, cancellationToken)
            : await definitions.FindAsync(request.DefinitionId ?? throw new ArgumentException("A definition id is required."), request.VersionOptions ?? VersionOptions.Published, cancellationToken);
        if (definition is null)
            throw new WorkflowNotFoundException($"Workflow definition '{request.DefinitionVersionId ?? request.DefinitionId}' ({request.VersionOptions?.Kind ?? "Published"}) was not found.");

        // A replayed start (same deterministic id) must not run the activities again; a concurrent replay that slips
        // past this check loses at insert, and its side effects are de-duplicated by their idempotency keys.
        if (lookForReplay && request.InstanceId is not null && await instances.FindAsync(request.InstanceId, cancellationToken) is { } existing)
            return (existing, false);

        var graph = await GraphAsync(definition, cancellationToken);
        var now = clock.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = request.InstanceId ?? Guid.NewGuid().ToString("N"),
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            DefinitionVersion = definition.Version,
            Name = definition.Name,
            CorrelationId = request.CorrelationId,
            CreatedAt = now,
            UpdatedAt = now,
            State = new WorkflowState
            {
                Input = request.Input ?? new JsonObject(),
                Variables = DefinitionVariables.InitialValues(definition.Document),
                Properties = (JsonObject?)request.Properties?.DeepClone() ?? new JsonObject(),
            },
        };

        var execution = new WorkflowExecution(instance, definition, graph, services, clock, IsSimulation, cancellationToken) { TriggerActivityId = request.TriggerActivityId };
        execution.Record(graph.RootId, JourneyEventKinds.Started);
        await _runner.StartAsync(execution, request.TriggerActivityId);
        instance.UpdatedAt = clock.GetUtcNow();
        var changes = new InstanceChanges(instance.State.Bookmarks.ToList(), [], execution.NewJournal, execution.NewEvents);
        var created = await instances.TryCreateAsync(instance, changes, cancellationToken);
        if (!created.Created)
        {
            logger.LogInformation("Instance {InstanceId} already exists; start ignored", instance.Id);
            // Whoever created it may have died before its own cancellation read: read it here (a rare path).
            var cancelled = instance.CorrelationId is { } correlation && await instances.IsCorrelationCancelledAsync(correlation, cancellationToken);
            return (await instances.FindAsync(instance.Id, cancellationToken) ?? instance, cancelled);
        }

        logger.LogInformation("Started instance {InstanceId} of {DefinitionId} v{Version}: {SubStatus}", instance.Id, definition.DefinitionId, definition.Version, instance.SubStatus);
        await ChildWorkflows.NotifyParentAsync(services, instance, cancellationToken);
        return (instance, created.CorrelationCancelled);
    }

    /// <summary>
    /// Starts every published workflow containing a trigger of <paramref name="activityType"/> whose inputs match.
    /// Instance ids derive from <paramref name="dedupeKey"/>, so dispatching the same event twice starts nothing new.
    /// </summary>
    public async Task<IReadOnlyList<WorkflowInstance>> DispatchTriggerAsync(string activityType, JsonObject input, string? correlationId, string dedupeKey, CancellationToken cancellationToken = default)
    {
        var starts = new List<StartWorkflowRequest>();
        foreach (var definition in await definitions.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published }, cancellationToken))
        {
            var graph = await GraphAsync(definition, cancellationToken);
            // Elsa's rule: an activity marked canStartWorkflow: false (e.g. an HTTP endpoint reached mid-workflow) is no trigger.
            IReadOnlyCollection<string>? startActivities = null; // worked out only for a node marked not to start
            foreach (var node in graph.Activities.Values.Where(a => a.Type == activityType && a.CompletionOf is null
                         && (!a.IsMarkedNotStarting || (startActivities ??= _runner.StartActivities(graph, null)).Contains(a.Id))))
            {
                if (!await MatchesAsync(definition, graph, node, input, cancellationToken)) continue;
                starts.Add(new StartWorkflowRequest
                {
                    DefinitionVersionId = definition.Id,
                    Input = (JsonObject)input.DeepClone(),
                    CorrelationId = correlationId,
                    TriggerActivityId = node.Id,
                    InstanceId = DeterministicId(dedupeKey, definition.DefinitionId, node.Id),
                });
            }
        }

        if (starts.Count == 0 && correlationId is null) return [];
        // One read: a cancelled correlation, and the instances a replayed dispatch created already.
        var check = await instances.CheckStartAsync(correlationId, starts.Select(s => s.InstanceId!).ToList(), cancellationToken);
        if (check.CorrelationCancelled)
        {
            // A replay of a start that crashed after creating its instance but before cancelling it: finish the job.
            foreach (var id in await instances.FindActiveIdsByCorrelationAsync(correlationId!, cancellationToken))
                await CancelAsync(id, "cancelled while starting", cancellationToken);
            logger.LogInformation("Trigger {ActivityType} for {CorrelationId} ignored: that correlation was cancelled", activityType, correlationId);
            return [];
        }

        var started = new List<WorkflowInstance>();
        var cancelledMeanwhile = false;
        foreach (var request in starts)
        {
            if (check.ExistingInstanceIds.Contains(request.InstanceId!))
            {
                if (await instances.FindAsync(request.InstanceId!, cancellationToken) is { } existing) started.Add(existing);
                continue;
            }

            var (instance, correlationCancelled) = await StartCoreAsync(request, lookForReplay: false, cancellationToken);
            started.Add(instance);
            cancelledMeanwhile = correlationCancelled;
            if (cancelledMeanwhile) break; // the rest would be cancelled too: do not run them
        }

        // A cancellation may have raced with this start: whoever commits second sees the other.
        if (cancelledMeanwhile)
            foreach (var instance in started)
                await CancelAsync(instance.Id, "cancelled while starting", cancellationToken);
        return started;
    }

    /// <summary>Resumes a bookmark: as its timer or timeout (from the scheduler) or with an event payload.</summary>
    public Task<bool> ResumeAsync(BookmarkRef bookmark, JsonNode? eventPayload = null, bool isEvent = false, CancellationToken cancellationToken = default) =>
        MutateAsync(bookmark.InstanceId, async execution =>
        {
            if (!execution.Instance.IsActive) return false;
            var stored = execution.State.Bookmarks.FirstOrDefault(b => b.Id == bookmark.BookmarkId);
            if (stored is null) return false; // already resumed by someone else
            var kind = isEvent ? ResumptionKind.Event : stored.Type == BookmarkType.Event ? ResumptionKind.Timeout : ResumptionKind.TimerDue;
            await _runner.ResumeAsync(execution, stored, kind, eventPayload);
            return true;
        }, cancellationToken);

    /// <summary>Raises a named event for one instance or for every instance with the correlation id; returns how many bookmarks it resumed.</summary>
    public async Task<int> RaiseEventAsync(string eventName, string? instanceId, string? correlationId, JsonNode? payload, CancellationToken cancellationToken = default)
    {
        var resumed = 0;
        foreach (var bookmark in await bookmarks.FindByEventAsync(BookmarkRequest.Normalize(eventName), instanceId, correlationId, cancellationToken))
            if (await ResumeAsync(bookmark, payload?.DeepClone(), isEvent: true, cancellationToken))
                resumed++;
        return resumed;
    }

    /// <summary>
    /// Resumes, in any instance, the event bookmarks whose name starts with <paramref name="prefix"/> and passes
    /// <paramref name="matches"/> (e.g. waiting HTTP endpoints whose path template matches a request); returns how many.
    /// </summary>
    public async Task<int> RaiseMatchingEventsAsync(string prefix, Func<string, bool> matches, JsonNode? payload, CancellationToken cancellationToken = default)
    {
        var resumed = 0;
        foreach (var (bookmark, eventName) in await bookmarks.FindByEventPrefixAsync(BookmarkRequest.Normalize(prefix), cancellationToken))
            if (matches(eventName) && await ResumeAsync(bookmark, payload?.DeepClone(), isEvent: true, cancellationToken))
                resumed++;
        return resumed;
    }

    public Task<bool> CancelAsync(string instanceId, string reason, CancellationToken cancellationToken = default) =>
        MutateAsync(instanceId, execution =>
        {
            if (!execution.Instance.IsActive && execution.Instance.SubStatus != WorkflowSubStatus.Faulted) return Task.FromResult(false);
            execution.State.Bookmarks.Clear();
            execution.State.Queue.Clear();
            execution.State.Properties["cancelReason"] = reason;
            execution.Instance.Status = WorkflowStatus.Finished;
            execution.Instance.SubStatus = WorkflowSubStatus.Cancelled;
            execution.Instance.FinishedAt = clock.GetUtcNow();
            var root = new ActivityNode { Id = execution.Graph.RootId, NodeId = execution.Graph.RootNodeId, Name = execution.Graph.RootId, Type = CoreActivityTypes.Flowchart, Json = new JsonObject() };
            execution.Journal(root, JournalEvents.Cancelled, reason);
            return Task.FromResult(true);
        }, cancellationToken);

    /// <summary>Cancels every active instance with the correlation id and remembers the correlation as cancelled.</summary>
    public async Task<int> CancelByCorrelationAsync(string correlationId, string reason, CancellationToken cancellationToken = default)
    {
        await instances.MarkCorrelationCancelledAsync(correlationId, reason, cancellationToken);
        var cancelled = 0;
        foreach (var id in await instances.FindActiveIdsByCorrelationAsync(correlationId, cancellationToken))
            if (await CancelAsync(id, reason, cancellationToken))
                cancelled++;
        logger.LogInformation("Cancelled {Count} instance(s) with correlation {CorrelationId}: {Reason}", cancelled, correlationId, reason);
        return cancelled;
    }

    /// <summary>Retries a faulted instance from the activity that failed.</summary>
    public Task<bool> RetryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        MutateAsync(instanceId, async execution =>
        {
            if (execution.Instance.SubStatus != WorkflowSubStatus.Faulted || execution.State.Fault is null) return false;
            await _runner.RetryFaultedAsync(execution);
            return true;
        }, cancellationToken);

    public async Task ProcessAsync(WorkItem item, CancellationToken cancellationToken = default)
    {
        switch (item.Kind)
        {
            case WorkItemKind.Trigger:
                await DispatchTriggerAsync(item.ActivityType!, item.Payload ?? new JsonObject(), item.CorrelationId, item.Id, cancellationToken);
                break;
            case WorkItemKind.Event:
                await RaiseEventAsync(item.EventName!, item.InstanceId, item.CorrelationId, item.Payload, cancellationToken);
                break;
            case WorkItemKind.Cancel:
                await CancelByCorrelationAsync(item.CorrelationId!, item.Reason ?? "cancelled", cancellationToken);
                break;
        }
    }

    private async Task<bool> MutateAsync(string instanceId, Func<WorkflowExecution, Task<bool>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var instance = await instances.FindAsync(instanceId, cancellationToken);
            if (instance is null) return false;
            var definition = await definitions.FindByIdAsync(instance.DefinitionVersionId, cancellationToken)
                ?? throw new WorkflowNotFoundException($"Definition version '{instance.DefinitionVersionId}' of instance {instanceId} is missing.");
            var graph = await GraphAsync(definition, cancellationToken);
            var before = instance.State.Bookmarks.Select(b => b.Id).ToHashSet();
            var revision = instance.Revision;
            var execution = new WorkflowExecution(instance, definition, graph, services, clock, IsSimulation, cancellationToken);
            if (!await change(execution)) return false;

            instance.UpdatedAt = clock.GetUtcNow();
            instance.Revision = revision + 1;
            var after = instance.State.Bookmarks;
            var changes = new InstanceChanges(
                after.Where(b => !before.Contains(b.Id)).ToList(),
                before.Where(id => after.All(b => b.Id != id)).ToList(),
                execution.NewJournal,
                execution.NewEvents);
            if (await instances.TryUpdateAsync(instance, revision, changes, cancellationToken))
            {
                await ChildWorkflows.NotifyParentAsync(services, instance, cancellationToken);
                return true;
            }

            logger.LogDebug("Instance {InstanceId} changed concurrently; redoing (attempt {Attempt})", instanceId, attempt + 1);
        }

        throw new InvalidOperationException($"Instance {instanceId} kept changing concurrently; gave up after {MaxConflictRetries} attempts.");
    }

    private async Task<bool> MatchesAsync(WorkflowDefinition definition, WorkflowGraph graph, ActivityNode node, JsonObject input, CancellationToken cancellationToken)
    {
        if (registry.Find(node.Type) is not { IsTrigger: true } registered) return true;
        var probe = new WorkflowInstance
        {
            Id = "trigger-probe", DefinitionId = definition.DefinitionId, DefinitionVersionId = definition.Id, DefinitionVersion = definition.Version,
            State = new WorkflowState { Input = input, Variables = DefinitionVariables.InitialValues(definition.Document) },
        };
        var execution = new WorkflowExecution(probe, definition, graph, services, clock, IsSimulation, cancellationToken);
        var trigger = (ITrigger)ActivityFactory.Create(registered, node, services);
        return await trigger.MatchesAsync(new ActivityExecutionContext(execution, node, 0, 1));
    }

    /// <summary>The activities a run of <paramref name="graph"/> starts with when no trigger is named (Elsa's rules).</summary>
    public IReadOnlyList<string> StartActivityIds(WorkflowGraph graph) => _runner.StartActivities(graph, null);

    private async Task<WorkflowGraph> GraphAsync(WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (!definition.IsPublished) return WorkflowGraph.Parse(definition.Document);
        return _publishedCache.GetOrAdd(definition.Id, _ => (definition, WorkflowGraph.Parse(definition.Document))).Graph;
    }

    private static string DeterministicId(params string[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts))))[..32].ToLowerInvariant();
}

public sealed record StartWorkflowRequest
{
    public string? DefinitionId { get; init; }
    public string? DefinitionVersionId { get; init; }
    public VersionOptions? VersionOptions { get; init; }
    public JsonObject? Input { get; init; }
    public string? CorrelationId { get; init; }
    public string? InstanceId { get; init; }
    public string? TriggerActivityId { get; init; }

    /// <summary>Initial instance properties (e.g. the parent of a child workflow).</summary>
    public JsonObject? Properties { get; init; }
}

public sealed class WorkflowNotFoundException(string message) : Exception(message);
