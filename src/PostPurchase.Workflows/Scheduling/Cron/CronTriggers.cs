using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Workflows.Scheduling.Cron;

/// <summary>
/// <c>Elsa.Cron</c> as a recurring trigger. Publishing a definition whose Cron activity can start it (Elsa's
/// <c>canStartWorkflow</c>, or the activity a run starts with) keeps one schedule row per such activity; each
/// replica's worker claims due rows and starts one instance per occurrence. The instance id is derived from the
/// definition, the activity and the occurrence, so a replica that took over an expired claim, or two racing ones,
/// start it once. Occurrences missed while every replica was down fire once (for the first one missed), then the row
/// moves to the next occurrence after now. A new published version replaces the rows; retracting or deleting the
/// definition removes them (a row whose version is no longer published is dropped when it comes due, unfired).
/// </summary>
public sealed class CronTriggers(
    IWorkflowDefinitionStore definitions,
    ITriggerScheduleStore schedules,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<CronTriggers> logger)
{
    public const string CronType = "Elsa.Cron";

    /// <summary>Makes the rows of <paramref name="definitionId"/> match its published version (none when none is published).</summary>
    public async Task SyncAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var published = await definitions.FindAsync(definitionId, VersionOptions.Published, cancellationToken);
        var wanted = published is null ? [] : Wanted(published);
        var existing = await schedules.ListAsync(definitionId, cancellationToken);
        await ApplyAsync(wanted, existing, cancellationToken);
    }

    /// <summary>Brings every row in line with the published definitions (start-up; rows left by a crash or a direct delete).</summary>
    public async Task SyncAllAsync(CancellationToken cancellationToken = default)
    {
        var published = await definitions.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published }, cancellationToken);
        var wanted = published.SelectMany(Wanted).ToList();
        await ApplyAsync(wanted, await schedules.ListAsync(null, cancellationToken), cancellationToken);
    }

    /// <summary>Claims the rows due now (workflow time) with a lease until <paramref name="leaseUntil"/> (real time).</summary>
    public Task<IReadOnlyList<TriggerSchedule>> ClaimDueAsync(string owner, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default) =>
        schedules.ClaimDueAsync(clock.GetUtcNow(), owner, leaseUntil, max, cancellationToken);

    /// <summary>Starts the instance of the occurrence the row waits for, then moves the row to the next occurrence after now.</summary>
    public async Task FireAsync(TriggerSchedule schedule, string owner, CancellationToken cancellationToken = default)
    {
        try
        {
            var definition = await definitions.FindByIdAsync(schedule.DefinitionVersionId, cancellationToken);
            if (definition is not { IsPublished: true } || !Wanted(definition).Any(w => w.Id == schedule.Id && w.CronExpression == schedule.CronExpression))
            {
                logger.LogInformation("Cron trigger {ScheduleId} is no longer published; schedule removed", schedule.Id);
                await SyncAsync(schedule.DefinitionId, cancellationToken);
                return;
            }

            var occurrence = schedule.NextDueAt;
            var instance = await services.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest
            {
                DefinitionVersionId = schedule.DefinitionVersionId,
                InstanceId = InstanceId(schedule, occurrence),
                TriggerActivityId = schedule.ActivityId,
                Input = new JsonObject(),
                Properties = new JsonObject { ["cronOccurrence"] = occurrence.ToString("O") },
            }, cancellationToken);
            var next = CronExpressions.Next(CronExpressions.Parse(schedule.CronExpression), Max(clock.GetUtcNow(), occurrence));
            if (next is null)
            {
                await schedules.DeleteAsync([schedule.Id], cancellationToken);
                return;
            }

            await schedules.AdvanceAsync(schedule.Id, occurrence, next.Value, cancellationToken);
            logger.LogInformation("Cron trigger {ScheduleId} fired for {Occurrence:O} (instance {InstanceId}); next at {Next:O}",
                schedule.Id, occurrence, instance.Id, next.Value);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Cron trigger {ScheduleId} failed to fire; will retry", schedule.Id);
            await schedules.ReleaseAsync(schedule.Id, owner, cancellationToken);
        }
    }

    /// <summary>One instance per definition, trigger and occurrence, whichever replica or version fires it.</summary>
    public static string InstanceId(TriggerSchedule schedule, DateTimeOffset occurrence) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"cron\n{schedule.DefinitionId}\n{schedule.ActivityId}\n{occurrence.ToUnixTimeMilliseconds()}")))[..32].ToLowerInvariant();

    private async Task ApplyAsync(IReadOnlyCollection<TriggerSchedule> wanted, IReadOnlyList<TriggerSchedule> existing, CancellationToken cancellationToken)
    {
        // A row of the same version and expression keeps its next occurrence (so an occurrence missed while down still fires).
        bool Same(TriggerSchedule a, TriggerSchedule b) => a.Id == b.Id && a.DefinitionVersionId == b.DefinitionVersionId && a.CronExpression == b.CronExpression;
        var stale = existing.Where(e => !wanted.Any(w => Same(w, e))).Select(e => e.Id).ToList();
        var added = wanted.Where(w => !existing.Any(e => Same(w, e))).ToList();
        if (stale.Count > 0) await schedules.DeleteAsync(stale, cancellationToken);
        if (added.Count > 0) await schedules.AddAsync(added, cancellationToken);
        foreach (var s in added) logger.LogInformation("Cron trigger {ScheduleId} ({Expression}) scheduled; first at {Next:O}", s.Id, s.CronExpression, s.NextDueAt);
    }

    /// <summary>The schedule rows a published version asks for, first due at the next occurrence after now.</summary>
    private IReadOnlyList<TriggerSchedule> Wanted(WorkflowDefinition definition)
    {
        WorkflowGraph graph;
        try
        {
            graph = WorkflowGraph.Parse(definition.Document);
        }
        catch (FormatException)
        {
            return [];
        }

        var crons = graph.Activities.Values.Where(a => a.Type == CronType && a.CompletionOf is null).ToList();
        if (crons.Count == 0) return [];
        var starts = services.GetRequiredService<WorkflowRuntime>().StartActivityIds(graph);
        var result = new List<TriggerSchedule>();
        foreach (var node in crons.Where(n => n.CanStartWorkflow || starts.Contains(n.Id)))
        {
            var expression = ActivityFactory.ReadExpression(node.Json["cronExpression"]);
            if (expression is null || expression.Type != ExpressionTypes.Literal || string.IsNullOrWhiteSpace(expression.Text))
            {
                logger.LogWarning("Cron trigger {Activity} of {DefinitionId} has no literal cron expression; it does not start instances", node.Id, definition.DefinitionId);
                continue;
            }

            try
            {
                var text = expression.Text.Trim();
                if (CronExpressions.Next(CronExpressions.Parse(text), clock.GetUtcNow()) is { } first)
                    result.Add(new TriggerSchedule(TriggerSchedule.IdFor(definition.DefinitionId, node.Id), definition.DefinitionId, definition.Id, node.Id, text, first));
            }
            catch (ActivityConfigurationException ex)
            {
                logger.LogWarning("Cron trigger {Activity} of {DefinitionId} does not start instances: {Reason}", node.Id, definition.DefinitionId, ex.Message);
            }
        }

        return result;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
