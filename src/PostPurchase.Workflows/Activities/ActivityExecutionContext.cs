using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Reporting;
using Microsoft.Extensions.Logging;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime;

namespace PostPurchase.Workflows.Activities;

/// <summary>Everything an activity may use while it runs: inputs, outputs, variables, services, time and identity.</summary>
public sealed class ActivityExecutionContext
{
    private readonly WorkflowExecution _execution;
    private readonly ActivityNode _node;

    internal ActivityExecutionContext(WorkflowExecution execution, ActivityNode node, int executionNumber, int attempt)
    {
        _execution = execution;
        _node = node;
        ExecutionNumber = executionNumber;
        Attempt = attempt;
        Logger = execution.Services.GetLogger(node.Type);
    }

    public string WorkflowInstanceId => _execution.Instance.Id;
    public string DefinitionId => _execution.Instance.DefinitionId;
    public int DefinitionVersion => _execution.Instance.DefinitionVersion;
    public string? CorrelationId => _execution.Instance.CorrelationId;

    public string ActivityId => _node.Id;
    public string ActivityName => _node.Name;
    public string ActivityType => _node.Type;
    public string NodeId => _node.NodeId;

    /// <summary>How many times this activity has been entered in this instance (1 for the first time).</summary>
    public int ExecutionNumber { get; }

    /// <summary>True while this activity runs as the trigger that started the instance (e.g. Elsa.Cron completes at once then).</summary>
    public bool IsTriggerOfWorkflow => _execution.TriggerActivityId == ActivityId && ExecutionNumber == 1;

    /// <summary>1 for the first try of this execution, 2 for the first retry after an exception, …</summary>
    public int Attempt { get; }

    /// <summary>
    /// Unique to this activity execution and stable across retries, resumes and crash recovery: use it to make side
    /// effects (sending a message, calling a model) happen at most once.
    /// </summary>
    public string IdempotencyKey => $"{WorkflowInstanceId}:{ActivityId}:{ExecutionNumber}";

    /// <summary>The workflow's input (for purchase journeys it carries <c>purchase</c>).</summary>
    public JsonObject WorkflowInput => _execution.State.Input;

    public IServiceProvider Services => _execution.Services;
    public ILogger Logger { get; }
    public TimeProvider Clock => _execution.Clock;
    public DateTimeOffset Now => Clock.GetUtcNow();
    public CancellationToken CancellationToken => _execution.CancellationToken;

    /// <summary>True when the run is a simulation: activities must not contact the outside world.</summary>
    public bool IsSimulation => _execution.IsSimulation;

    /// <summary>State kept for this activity execution across suspensions and retries (e.g. a cached AI answer).</summary>
    public JsonObject ActivityState => _execution.State.GetActivityState(ActivityId, ExecutionNumber);

    /// <summary>Per-instance facts visible in the API (e.g. AI token usage, the split branch taken).</summary>
    public JsonObject InstanceProperties => _execution.State.Properties;

    public async ValueTask<T?> GetAsync<T>(Input<T> input)
    {
        var node = Unmarked(await EvaluateAsync(input.Name, input.Expression));
        return Convert<T>(input.Name, node);
    }

    /// <summary>Evaluates an input and returns its raw JSON value.</summary>
    public async ValueTask<JsonNode?> GetJsonAsync<T>(Input<T> input) => Unmarked(await EvaluateAsync(input.Name, input.Expression));

    /// <summary>
    /// Evaluates a message text input (email body or subject, SMS text) keeping apart what the template wrote and the
    /// untrusted values it inserted: use <see cref="MessageText.Markdown"/> for email bodies, <see cref="MessageText.Plain"/>
    /// for SMS and subjects, and pass <see cref="MessageText.TrustedUrls"/> on so click tracking leaves data URLs alone.
    /// </summary>
    public async ValueTask<MessageText> GetMessageTextAsync(Input<string> input)
    {
        var node = await EvaluateAsync(input.Name, input.Expression);
        return MessageText.From(node is JsonValue value && value.TryGetValue(out string? text) ? text : Convert<string>(input.Name, node));
    }

    /// <summary>Renders a text template (Handlebars syntax) against the workflow's variables, input and outputs.</summary>
    public async ValueTask<string> RenderTemplateAsync(string template, string inputName) =>
        UntrustedText.Strip(await _execution.Expressions.RenderTemplateAsync(template, _execution.CreateScope(_node), new ExpressionSite(_node, inputName), CancellationToken));

    private static JsonNode? Unmarked(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) && UntrustedText.HasMarks(text) ? JsonValue.Create(UntrustedText.Strip(text)) : node;

    public void Set<T>(Output<T> output, T value)
    {
        var node = JsonSerializer.SerializeToNode(value, JsonDefaults.Options);
        _execution.State.SetOutput(ActivityId, output.Name, node?.DeepClone());
        if (!string.IsNullOrEmpty(output.VariableId))
            _execution.WriteBound(output.VariableId, node);
    }

    /// <summary>The activity's JSON as stored in the definition (for shapes that are not inputs, such as switch cases).</summary>
    public JsonObject ActivityJson => _node.Json;

    /// <summary>
    /// Evaluates an expression that is not bound to an input (a switch case's condition, a script's text). Extra
    /// names (e.g. JavaScript functions given as delegates) are visible to this evaluation only.
    /// </summary>
    public async ValueTask<JsonNode?> EvaluateAsync(Expression expression, string name, IReadOnlyDictionary<string, object?>? extraNames = null)
    {
        var scope = _execution.CreateScope(_node);
        foreach (var (key, value) in extraNames ?? new Dictionary<string, object?>()) scope.Globals[key] = value;
        return await _execution.Expressions.EvaluateAsync(expression, scope, new ExpressionSite(_node, name), CancellationToken);
    }

    /// <summary>The workflow's outputs by name (Elsa.SetOutput writes here; a parent workflow reads them).</summary>
    public JsonObject WorkflowOutput => _execution.State.Output;

    /// <summary>Renames the instance (Elsa.SetName).</summary>
    public void SetInstanceName(string name) => _execution.Instance.Name = name;

    /// <summary>Sets the instance's correlation id (Elsa.Correlate); events raised for it resume this instance from now on.</summary>
    public void SetCorrelationId(string correlationId) => _execution.Instance.CorrelationId = correlationId;

    /// <summary>
    /// Sets an output by name (for outputs not declared as <see cref="Output{T}"/> properties, e.g. a sub-workflow's);
    /// also written to the variable (or workflow output) the activity's JSON binds it to (<c>{"memoryReference":{"id":…}}</c>).
    /// </summary>
    public void SetOutput(string name, JsonNode? value)
    {
        _execution.State.SetOutput(ActivityId, name, value?.DeepClone());
        var binding = _node.Json[Descriptors.ActivityFactory.CamelCase(name)]?["memoryReference"]?["id"];
        if (binding is JsonValue v && v.TryGetValue(out string? variableId) && !string.IsNullOrEmpty(variableId))
            _execution.WriteBound(variableId, value);
    }

    public T? GetVariable<T>(string name) => Convert<T>(name, _execution.GetVariable(name));

    public void SetVariable<T>(string name, T value) =>
        _execution.SetVariable(name, JsonSerializer.SerializeToNode(value, JsonDefaults.Options));

    /// <summary>Adds a line to the instance's journal for this activity (e.g. "deferred by quiet hours to 09:00").</summary>
    public void AddJournalNote(string message, JsonNode? payload = null) =>
        _execution.Journal(_node, "Note", message, payload);

    /// <summary>
    /// Records a fact about this step for the journey report (saved with the instance; nothing in a simulation), e.g.
    /// <c>context.RecordEvent(JourneyEventKinds.Sent, messageKey: key)</c>.
    /// </summary>
    public void RecordEvent(string kind, string? detail = null, double? value = null, string? messageKey = null) =>
        _execution.Record(ActivityId, kind, e => e with { Detail = detail, Value = value, MessageKey = messageKey });

    /// <summary>Records whose journey this is, for attributing the customer's later purchases.</summary>
    public void RecordCustomer(string? email, string? customerId, string? orderId, double? totalMinor, string? currency) =>
        _execution.Record(ActivityId, JourneyEventKinds.Customer, e => e with
        {
            CustomerEmail = email, CustomerId = customerId, MessageKey = orderId, Value = totalMinor, Detail = currency,
        });

    private async ValueTask<JsonNode?> EvaluateAsync(string inputName, Expression? expression)
    {
        if (expression is null) return null;
        return await _execution.Expressions.EvaluateAsync(expression, _execution.CreateScope(_node), new ExpressionSite(_node, inputName), CancellationToken);
    }

    private T? Convert<T>(string name, JsonNode? node)
    {
        try
        {
            return ValueConverter.Convert<T>(node);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new ExpressionException($"Activity '{ActivityName}' ({ActivityType}): input '{name}' value {Truncate(node?.ToJsonString() ?? "null")} is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private static string Truncate(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
