using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.Workflows.Runtime;

/// <summary>One in-memory pass over an instance: its state, the graph it runs, and the journal lines it produced.</summary>
internal sealed class WorkflowExecution
{
    private readonly IReadOnlyList<IExpressionGlobals> _globals;
    private readonly Dictionary<string, string> _variableNamesById;
    private Dictionary<string, string>? _activityNamesById;

    public WorkflowExecution(WorkflowInstance instance, WorkflowDefinition definition, WorkflowGraph graph, IServiceProvider services,
        TimeProvider clock, bool isSimulation, CancellationToken cancellationToken)
    {
        Instance = instance;
        Definition = definition;
        Graph = graph;
        Services = services;
        Clock = clock;
        IsSimulation = isSimulation;
        CancellationToken = cancellationToken;
        Expressions = services.GetRequiredService<ExpressionEvaluator>();
        _globals = services.GetServices<IExpressionGlobals>().ToList();
        _variableNamesById = DefinitionVariables.Read(definition.Document).ToDictionary(v => v.Id, v => v.Name);
    }

    public WorkflowInstance Instance { get; }
    public WorkflowDefinition Definition { get; }
    public WorkflowGraph Graph { get; }
    public WorkflowState State => Instance.State;
    public IServiceProvider Services { get; }
    public TimeProvider Clock { get; }
    public bool IsSimulation { get; }
    public CancellationToken CancellationToken { get; }
    public ExpressionEvaluator Expressions { get; }
    public List<JournalEntry> NewJournal { get; } = new();

    /// <summary>The trigger this pass started the instance from (Elsa's <c>IsTriggerOfWorkflow</c>); null when resuming.</summary>
    public string? TriggerActivityId { get; set; }

    /// <summary>The Elsa.ParallelForEach iteration the running activity belongs to (see <see cref="IterationScopes"/>).</summary>
    public string? CurrentScope { get; set; }

    /// <summary>Report facts recorded during this pass (none in a simulation).</summary>
    public List<JourneyEvent> NewEvents { get; } = new();

    public void Record(string activityId, string kind, Func<JourneyEvent, JourneyEvent>? complete = null)
    {
        if (IsSimulation) return;
        var e = new JourneyEvent { DefinitionId = Instance.DefinitionId, InstanceId = Instance.Id, ActivityId = activityId, Kind = kind, At = Clock.GetUtcNow() };
        NewEvents.Add(complete is null ? e : complete(e));
    }

    public ExpressionScope CreateScope(ActivityNode current)
    {
        var activities = new JsonObject();
        foreach (var (activityId, outputs) in State.Outputs)
            if (Graph.Activities.TryGetValue(activityId, out var node))
                activities[node.Name] = outputs.DeepClone();
        var scope = new ExpressionScope
        {
            Input = State.Input,
            Variables = State.Variables,
            Activities = activities,
            WorkflowInstanceId = Instance.Id,
            CorrelationId = Instance.CorrelationId,
            DefinitionId = Instance.DefinitionId,
            DefinitionVersionId = Instance.DefinitionVersionId,
            DefinitionVersion = Instance.DefinitionVersion,
            ActivityNamesById = _activityNamesById ??= Graph.Activities.Values.Where(n => n.CompletionOf is null).ToDictionary(n => n.Id, n => n.Name),
        };
        foreach (var contributor in _globals) contributor.Contribute(scope);
        WorkflowInputFunctions.Contribute(scope, Definition.Document, State.Input);
        return scope;
    }

    public JsonNode? GetVariable(string nameOrId) =>
        State.Variables.TryGetValue(ResolveVariableName(nameOrId), out var value) ? value?.DeepClone() : null;

    public void SetVariable(string nameOrId, JsonNode? value) => State.Variables[ResolveVariableName(nameOrId)] = value?.DeepClone();

    /// <summary>
    /// Writes an activity output bound by <c>memoryReference</c>: to the variable with that id or name, else — as Elsa
    /// binds outputs to the workflow's declared outputs by name — to the workflow output of that name, else to a
    /// variable of that name.
    /// </summary>
    public void WriteBound(string id, JsonNode? value)
    {
        if (!_variableNamesById.ContainsKey(id) && !_variableNamesById.ContainsValue(id) && DeclaresOutput(id))
            State.Output[id] = value?.DeepClone();
        else
            SetVariable(id, value);
    }

    private bool DeclaresOutput(string name) =>
        Definition.Document["outputs"] is JsonArray outputs && outputs.Any(o => o?["name"] is JsonValue v && v.TryGetValue(out string? n) && n == name);

    public string ResolveVariableName(string nameOrId) => _variableNamesById.GetValueOrDefault(nameOrId) ?? nameOrId;

    public void Journal(ActivityNode node, string eventName, string? message = null, JsonNode? payload = null, int executionNumber = 0) =>
        NewJournal.Add(new JournalEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            InstanceId = Instance.Id,
            ActivityId = node.Id,
            NodeId = node.NodeId,
            ActivityType = node.Type,
            ActivityName = node.Name,
            EventName = eventName,
            Message = message,
            Payload = payload,
            Timestamp = Clock.GetUtcNow(),
            ExecutionNumber = executionNumber,
        });
}

internal static class ServiceProviderExtensions
{
    public static ILogger GetLogger(this IServiceProvider services, string category) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(category) ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
