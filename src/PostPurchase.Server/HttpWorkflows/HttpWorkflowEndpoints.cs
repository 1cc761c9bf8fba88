using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Server.Auth;
using PostPurchase.Workflows.Activities.Http;
using PostPurchase.Workflows.Runtime;

namespace PostPurchase.Server.HttpWorkflows;

/// <summary>
/// Requests to <c>{HttpWorkflows__BasePath}/{path}</c> (default <c>/workflows</c>) start every published workflow whose
/// Elsa.HttpEndpoint matches the path and method, and answer with what its Elsa.WriteHttpResponse wrote (else 200
/// with no body; 202 when it resumed workflows waiting mid-way at that literal path; 404 when nothing matches). They need an API key or Studio token like the Elsa API: a journey's
/// endpoint is never anonymous.
/// </summary>
public static class HttpWorkflowEndpoints
{
    private const int MaxBodyBytes = 1_000_000;
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly HashSet<string> HiddenHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "X-Api-Key" };

    public static WebApplication MapHttpWorkflows(this WebApplication app)
    {
        var basePath = "/" + (app.Configuration["HttpWorkflows:BasePath"] ?? "workflows").Trim('/');
        app.MapMethods(basePath + "/{**path}", Methods, HandleAsync).RequireAuthorization(AuthSchemes.ElsaApiPolicy).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(string? path, HttpRequest request, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var input = new JsonObject
        {
            [HttpEndpoint.RequestKey] = new JsonObject
            {
                ["method"] = request.Method,
                ["path"] = path ?? "",
                ["query"] = new JsonObject(request.Query.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)q.Value.ToString()))),
                ["headers"] = new JsonObject(request.Headers.Where(h => !HiddenHeaders.Contains(h.Key)).Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value.ToString()))),
                ["body"] = await ReadBodyAsync(request, cancellationToken),
            },
        };

        var started = await runtime.DispatchTriggerAsync("Elsa.HttpEndpoint", input, correlationId: null, dedupeKey: Guid.NewGuid().ToString("N"), cancellationToken);
        if (started.Count == 0)
        {
            // Workflows waiting mid-way at an endpoint with this literal path continue with the request.
            var resumed = await runtime.RaiseEventAsync(HttpEndpoint.EventName(path ?? ""), null, null, input[HttpEndpoint.RequestKey]!.DeepClone(), cancellationToken);
            return resumed > 0 ? Results.Accepted() : Results.NotFound();
        }

        if (started.Select(i => i.State.Properties[WriteHttpResponse.PropertyName]).FirstOrDefault(r => r is JsonObject) is not JsonObject response)
            return Results.Ok();
        foreach (var (name, value) in response["headers"] as JsonObject ?? [])
            if (value is JsonValue v && v.TryGetValue(out string? text)) request.HttpContext.Response.Headers[name] = text;
        return Results.Content(response["body"]?.GetValue<string>() ?? "", response["contentType"]?.GetValue<string>(), statusCode: response["statusCode"]!.GetValue<int>());
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is null or 0 && !request.Headers.ContainsKey("Transfer-Encoding")) return null;
        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxBodyBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        if (read > MaxBodyBytes) throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
        var text = new string(buffer, 0, read);
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                throw new BadHttpRequestException("The request body is not valid JSON.");
            }
        }

        return text;
    }
}
