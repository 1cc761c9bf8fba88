using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Activities.Http;

/// <summary>
/// Elsa.HttpEndpoint as a trigger: a request to <c>{HttpWorkflows__BasePath}/{path}</c> with one of the supported methods
/// starts the workflow when it is authorised for this endpoint: an API key or Studio token, or a signature with the
/// secret named by <see cref="SecretName"/>; anonymous only where the server allows it and <see cref="Authorize"/> is
/// not set. The request is the workflow's input <c>request</c> (<c>{method, path, query, headers, body, authorization}</c>);
/// its parts are this activity's outputs.
/// Reached without a request (mid-workflow, or a run not started by a request) it waits for the event
/// <c>http:{path}</c>, which every request matching the path template raises (placeholders included, e.g.
/// <c>orders/{id}/confirm</c>, whose <c>RouteData</c> the request fills); that request is answered 202.
/// </summary>
[Activity("Elsa", "HTTP", "Wait for an inbound HTTP request that matches the specified path and methods.", DisplayName = "HTTP Endpoint")]
public sealed class HttpEndpoint : Activity, ITrigger
{
    /// <summary>The workflow input key holding the request.</summary>
    public const string RequestKey = "request";

    /// <summary>The request's key holding what authorised it: <c>{caller, secrets: [names], anonymousAllowed}</c>.</summary>
    public const string AuthorizationKey = "authorization";

    [Input(Description = "The path, relative to the HTTP workflows base path, e.g. orders/{id}.")]
    public Input<string> Path { get; set; } = new();

    [Input(Description = "The HTTP methods, e.g. [\"GET\",\"POST\"].", UIHint = "check-list")]
    public Input<string[]> SupportedMethods { get; set; } = new();

    [Input(Description = "Requires an API key, Studio token or the endpoint's secret even where HttpWorkflows__AllowAnonymous is on.")]
    public Input<bool> Authorize { get; set; } = new();

    [Input(Description = "Name of a secret in configuration (HttpWorkflows__Secrets__{name}, whsec_…): requests signed with it (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) are accepted without an API key.")]
    public Input<string> SecretName { get; set; } = new();

    [Input(Description = "Kept for Elsa compatibility (not used).")]
    public Input<string> Policy { get; set; } = new();

    [Output(Description = "The request body, parsed when it is JSON.")]
    public Output<JsonNode> ParsedContent { get; set; } = new();

    [Output(Description = "Query string values.")]
    public Output<JsonNode> QueryStringData { get; set; } = new();

    [Output(Description = "Route values from {placeholders} in the path.")]
    public Output<JsonNode> RouteData { get; set; } = new();

    [Output(Description = "Request headers (without Authorization and cookies).")]
    public Output<JsonNode> Headers { get; set; } = new();

    public async ValueTask<bool> MatchesAsync(ActivityExecutionContext context)
    {
        if (context.WorkflowInput[RequestKey] is not JsonObject request) return false;
        var methods = await context.GetAsync(SupportedMethods) is { Length: > 0 } m ? m : ["GET"];
        if (!methods.Contains(request["method"]?.GetValue<string>() ?? "", StringComparer.OrdinalIgnoreCase)) return false;
        return HttpPaths.Match(await context.GetAsync(Path) ?? "", request["path"]?.GetValue<string>() ?? "") is not null
            && await IsAuthorizedAsync(context, request);
    }

    /// <summary>An API key or token, this endpoint's secret, or (allowed by the server, not asked for here) nothing.</summary>
    private async ValueTask<bool> IsAuthorizedAsync(ActivityExecutionContext context, JsonObject request)
    {
        if (request[AuthorizationKey] is not JsonObject authorization) return false;
        if (authorization["caller"]?.GetValue<bool>() == true) return true;
        var secretName = (await context.GetAsync(SecretName))?.Trim();
        if (!string.IsNullOrEmpty(secretName))
            return authorization["secrets"] is JsonArray secrets && secrets.Any(s => string.Equals(s?.GetValue<string>(), secretName, StringComparison.OrdinalIgnoreCase));
        return authorization["anonymousAllowed"]?.GetValue<bool>() == true && !await context.GetAsync(Authorize);
    }

    /// <summary>The start of every waiting endpoint's event name.</summary>
    public const string EventPrefix = "http:";

    /// <summary>The event a waiting endpoint is resumed by: its path template (a request matching the template raises it).</summary>
    public static string EventName(string path) => BookmarkRequest.Normalize(EventPrefix + path.Trim('/'));

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var path = await context.GetAsync(Path) ?? "";
        var request = context.WorkflowInput[RequestKey] as JsonObject;
        if (request is null || context.ExecutionNumber > 1 || HttpPaths.Match(path, request["path"]?.GetValue<string>() ?? "") is null)
            return ActivityResult.Suspend(BookmarkRequest.Event(EventName(path)));
        return await ReceiveAsync(context, request);
    }

    /// <summary>A request this endpoint does not accept (another method, or not authorised: see <see cref="IsAuthorizedAsync"/>) leaves it waiting.</summary>
    public override async ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context, Resumption resumption)
    {
        if (resumption.Payload is not JsonObject request) return ActivityResult.Done();
        var methods = await context.GetAsync(SupportedMethods) is { Length: > 0 } m ? m : ["GET"];
        var methodAccepted = methods.Contains(request["method"]?.GetValue<string>() ?? "", StringComparer.OrdinalIgnoreCase);
        if (!methodAccepted || !await IsAuthorizedAsync(context, request))
        {
            context.AddJournalNote(methodAccepted ? "A request without this endpoint's authorisation was ignored" : "A request with another method was ignored");
            return ActivityResult.Suspend(BookmarkRequest.Event(EventName(await context.GetAsync(Path) ?? "")));
        }

        return await ReceiveAsync(context, request);
    }

    private async ValueTask<ActivityResult> ReceiveAsync(ActivityExecutionContext context, JsonObject request)
    {
        context.Set(ParsedContent, request["body"]?.DeepClone()!);
        context.Set(QueryStringData, request["query"]?.DeepClone()!);
        context.Set(Headers, request["headers"]?.DeepClone()!);
        context.Set(RouteData, HttpPaths.Match(await context.GetAsync(Path) ?? "", request["path"]?.GetValue<string>() ?? "")!);
        return ActivityResult.Done();
    }
}

/// <summary>Elsa-style endpoint paths: literal segments and <c>{name}</c> placeholders, compared case-insensitively.</summary>
public static class HttpPaths
{
    /// <summary>The route values when <paramref name="path"/> matches <paramref name="template"/>, else null.</summary>
    public static JsonObject? Match(string template, string path)
    {
        var expected = template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var actual = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (expected.Length != actual.Length) return null;
        var values = new JsonObject();
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i].StartsWith('{') && expected[i].EndsWith('}')) values[expected[i][1..^1].Split(':')[0]] = Uri.UnescapeDataString(actual[i]);
            else if (!string.Equals(expected[i], actual[i], StringComparison.OrdinalIgnoreCase)) return null;
        }

        return values;
    }
}
