using System.Text.Json.Nodes;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Workflows.Runtime;

/// <summary>
/// Runs a flowchart in memory until every path has ended or is waiting on a bookmark. Token flow: an activity's
/// outcomes send a token along each matching connection. An activity with several inbound connections runs when every
/// inbound path has either delivered its token or can no longer deliver one (so a decision's untaken branch does not
/// block a merge, and a loop back into an activity works); <c>mergeMode: Stream</c> runs it on every token.
/// </summary>
internal sealed class WorkflowRunner(ActivityRegistry registry, WorkflowRuntimeOptions options)
{
    public async Task StartAsync(WorkflowExecution execution, string? triggerActivityId)
    {
        execution.Instance.Status = WorkflowStatus.Running;
        execution.Instance.SubStatus = WorkflowSubStatus.Executing;
        foreach (var id in StartActivities(execution.Graph, triggerActivityId))
            execution.State.Queue.Add(id);
        await DrainAsync(execution);
    }

    public async Task ResumeAsync(WorkflowExecution execution, Bookmark bookmark, ResumptionKind kind, JsonNode? payload)
    {
        execution.State.Bookmarks.RemoveAll(b => b.Id == bookmark.Id);
        execution.Instance.SubStatus = WorkflowSubStatus.Executing;
        execution.CurrentScope = bookmark.Scope;
        var node = execution.Graph.Activities[bookmark.ActivityId];
        if (bookmark.Type == BookmarkType.Retry)
        {
            var resumption = bookmark.RetryResumptionKind is null ? null
                : new Resumption(Enum.Parse<ResumptionKind>(bookmark.RetryResumptionKind), ToRequest(bookmark), bookmark.RetryPayload);
            await ExecuteAsync(execution, node, bookmark.ExecutionNumber, bookmark.Attempt, resumption);
        }
        else
        {
            await ExecuteAsync(execution, node, bookmark.ExecutionNumber, 1, new Resumption(kind, ToRequest(bookmark), payload));
        }

        await DrainAsync(execution);
    }

    /// <summary>Re-runs a faulted instance from the activity that failed (same execution number, so same idempotency key).</summary>
    public async Task RetryFaultedAsync(WorkflowExecution execution)
    {
        var fault = execution.State.Fault ?? throw new InvalidOperationException("The instance is not faulted.");
        execution.State.Fault = null;
        execution.Instance.Status = WorkflowStatus.Running;
        execution.Instance.SubStatus = WorkflowSubStatus.Executing;
        var node = execution.Graph.Activities[fault.ActivityId];
        execution.CurrentScope = fault.Scope;
        var resumption = fault.ResumptionKind is null ? null
            : new Resumption(Enum.Parse<ResumptionKind>(fault.ResumptionKind), new BookmarkRequest(BookmarkKind.Event, null, null), fault.Payload);
        await ExecuteAsync(execution, node, fault.ExecutionNumber, 1, resumption);
        await DrainAsync(execution);
    }

    private async Task DrainAsync(WorkflowExecution execution)
    {
        var state = execution.State;
        var steps = 0;
        do
        {
            while (state.Queue.Count > 0 && execution.Instance.SubStatus != WorkflowSubStatus.Faulted)
            {
                var (id, scope) = IterationScopes.Split(state.Queue[0]);
                state.Queue.RemoveAt(0);
                execution.CurrentScope = scope;
                var node = execution.Graph.Activities[id];
                if (++steps > options.MaxStepsPerRun)
                {
                    Fault(execution, node, 0, null, $"More than {options.MaxStepsPerRun} activities ran without waiting: a loop without a wait?", null);
                    return;
                }

                var executionNumber = state.ExecutionCounts[id] = state.ExecutionCounts.GetValueOrDefault(id) + 1;
                await ExecuteAsync(execution, node, executionNumber, 1, null);
            }
        }
        while (execution.Instance.SubStatus != WorkflowSubStatus.Faulted && TokenFlow.FireSettledMerge(execution));

        if (execution.Instance.SubStatus == WorkflowSubStatus.Faulted) return;
        if (state.Bookmarks.Count > 0)
        {
            execution.Instance.SubStatus = WorkflowSubStatus.Suspended;
            return;
        }

        execution.Instance.Status = WorkflowStatus.Finished;
        execution.Instance.SubStatus = WorkflowSubStatus.Finished;
        execution.Instance.FinishedAt = execution.Clock.GetUtcNow();
        state.Arrivals.Clear();
    }

    private async Task ExecuteAsync(WorkflowExecution execution, ActivityNode node, int executionNumber, int attempt, Resumption? resumption)
    {
        // A composite's completion node acts as the composite: same inputs, same execution (and so the same state).
        var owner = node.CompletionOf ?? node;
        if (node.CompletionOf is not null) executionNumber = execution.State.ExecutionCounts.GetValueOrDefault(owner.Id, 1);
        var registered = registry.Resolve(owner);
        if (registered is null)
        {
            Fault(execution, owner, executionNumber, resumption, $"Activity type '{owner.Type}' is not registered.", null);
            return;
        }

        ActivityResult result;
        IterationScopes.ApplyCurrentValues(execution);
        try
        {
            var activity = ActivityFactory.Create(registered, owner, execution.Services);
            var context = new ActivityExecutionContext(execution, owner, executionNumber, attempt);
            if (node.CompletionOf is not null)
            {
                result = activity is ICompositeActivity composite ? await composite.OnChildCompletedAsync(context) : ActivityResult.Done();
            }
            else
            {
                if (resumption is null && attempt == 1) execution.Record(node.Id, JourneyEventKinds.Entered);
                execution.Journal(node, resumption is null ? JournalEvents.Started : JournalEvents.Resumed,
                    resumption is null ? null : resumption.Kind.ToString(), executionNumber: executionNumber);
                result = resumption is null ? await activity.ExecuteAsync(context) : await activity.ResumeAsync(context, resumption);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !execution.CancellationToken.IsCancellationRequested)
        {
            if (attempt < options.MaxAttempts && ex is not ExpressionException and not ActivityConfigurationException and not WorkflowFaultException)
            {
                ScheduleRetry(execution, node, executionNumber, attempt, resumption, ex);
                return;
            }

            Fault(execution, owner, executionNumber, resumption, FaultMessage(ex), ex.GetType().Name, node.Id);
            return;
        }

        if (result.IsSuspended)
        {
            foreach (var request in result.Bookmarks)
                execution.State.Bookmarks.Add(new Bookmark
                {
                    Id = Guid.NewGuid().ToString("N"),
                    ActivityId = node.Id,
                    ExecutionNumber = executionNumber,
                    Type = request.Kind == BookmarkKind.Timer ? BookmarkType.Timer : BookmarkType.Event,
                    EventName = request.EventName,
                    DueAt = request.DueAt,
                    Data = request.Data,
                    Scope = execution.CurrentScope,
                });
            var waits = string.Join(", ", result.Bookmarks.Select(b => b.EventName is null ? $"until {b.DueAt:O}" : $"for '{b.EventName}'" + (b.DueAt is null ? "" : $" until {b.DueAt:O}")));
            execution.Journal(owner, JournalEvents.Suspended, $"Waiting {waits}", executionNumber: executionNumber);
            return;
        }

        var outcomes = result.Outcomes.Where(o => !o.StartsWith('#')).ToList();
        if (outcomes.Count == result.Outcomes.Count || node.CompletionOf is not null)
            execution.Journal(owner, JournalEvents.Completed, string.Join(",", outcomes),
                new JsonObject { ["outcomes"] = new JsonArray(outcomes.Select(o => (JsonNode)o).ToArray()) }, executionNumber);
        if (result.Signal != ActivitySignal.None)
        {
            CompositeSignals.Apply(execution, node, result);
            return;
        }

        if (node.CompletionOf is not null && outcomes.Count == result.Outcomes.Count)
        {
            // A parallel loop that completed continues outside its iterations.
            execution.CurrentScope = IterationScopes.Pop(execution.CurrentScope, owner.Id);
            CompositeSignals.EndInside(execution, owner.Id);
        }

        TokenFlow.Follow(execution, node, result.Outcomes);
    }

    /// <summary>Never empty: an exception without a message is named by its type and the innermost cause.</summary>
    private static string FaultMessage(Exception ex)
    {
        var inner = ex.GetBaseException();
        var message = string.IsNullOrWhiteSpace(ex.Message) ? inner.Message : ex.Message;
        return string.IsNullOrWhiteSpace(message) ? $"{ex.GetType().Name} without a message" : message;
    }

    private void ScheduleRetry(WorkflowExecution execution, ActivityNode node, int executionNumber, int attempt, Resumption? resumption, Exception ex)
    {
        var delay = options.RetryBackoff * Math.Pow(2, attempt - 1);
        var due = execution.Clock.GetUtcNow() + delay;
        execution.State.Bookmarks.Add(new Bookmark
        {
            Id = Guid.NewGuid().ToString("N"),
            ActivityId = node.Id,
            ExecutionNumber = executionNumber,
            Type = BookmarkType.Retry,
            DueAt = due,
            Attempt = attempt + 1,
            EventName = resumption?.Bookmark.EventName,
            RetryResumptionKind = resumption?.Kind.ToString(),
            RetryPayload = resumption?.Payload?.DeepClone(),
            Scope = execution.CurrentScope,
        });
        execution.Journal(node, JournalEvents.Retrying, $"Attempt {attempt} failed ({ex.GetType().Name}: {ex.Message}); retrying at {due:O}", executionNumber: executionNumber);
    }

    private static void Fault(WorkflowExecution execution, ActivityNode node, int executionNumber, Resumption? resumption, string message, string? exceptionType, string? retryFrom = null)
    {
        var incident = new Incident(node.Id, node.Type, $"Activity '{node.Name}' ({node.Type}) failed: {message}", exceptionType, execution.Clock.GetUtcNow());
        execution.State.Incidents.Add(incident);
        execution.State.Fault = new FaultInfo(retryFrom ?? node.Id, executionNumber, resumption?.Kind.ToString(), resumption?.Payload?.DeepClone(), execution.CurrentScope);
        execution.State.Bookmarks.Clear();
        execution.State.Queue.Clear();
        execution.Instance.Status = WorkflowStatus.Finished;
        execution.Instance.SubStatus = WorkflowSubStatus.Faulted;
        execution.Instance.FinishedAt = execution.Clock.GetUtcNow();
        execution.Journal(node, JournalEvents.Faulted, incident.Message, executionNumber: executionNumber);
    }

    /// <summary>Elsa's rules: the flowchart's <c>start</c>, else an Elsa.Start, else the given or a start-capable trigger, else the activities nothing points to.</summary>
    public IReadOnlyList<string> StartActivities(WorkflowGraph graph, string? triggerActivityId)
    {
        if (triggerActivityId is not null && graph.Activities.ContainsKey(triggerActivityId)) return [triggerActivityId];
        if (graph.StartActivityId is not null && graph.Activities.ContainsKey(graph.StartActivityId)) return [graph.StartActivityId];
        var all = graph.Activities.Values.Where(a => a.Ancestors.Count == 0 && a.CompletionOf is null).ToList();
        var start = all.FirstOrDefault(a => a.Type == CoreActivityTypes.Start);
        if (start is not null) return [start.Id];
        var trigger = all.FirstOrDefault(a => a.CanStartWorkflow) ?? all.FirstOrDefault(a => registry.Find(a.Type)?.IsTrigger == true);
        if (trigger is not null) return [trigger.Id];
        return all.Where(a => graph.Inbound(a.Id).Count == 0).Select(a => a.Id).ToList();
    }

    private static BookmarkRequest ToRequest(Bookmark b) =>
        new(b.Type == BookmarkType.Timer ? BookmarkKind.Timer : BookmarkKind.Event, b.EventName, b.DueAt, b.Data);
}
