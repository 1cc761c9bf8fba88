using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.Server.Auth;
using PostPurchase.Workflows.Activities.Http;
using PostPurchase.Workflows.Runtime;

namespace PostPurchase.Server.HttpWorkflows;

/// <summary>
/// Requests to <c>{HttpWorkflows__BasePath}/{path}</c> (default <c>/workflows</c>) start every published workflow whose
/// Elsa.HttpEndpoint matches the path and method, and answer with what its Elsa.WriteHttpResponse wrote (else 200
/// with no body; 202 when it resumed workflows waiting mid-way at that literal path; 404 when nothing matches). They need an
/// API key or Studio token like the Elsa API, or a Standard Webhooks signature with the secret the endpoint names
/// (<see cref="HttpWorkflowAccess"/>); anonymous only where <c>HttpWorkflows__AllowAnonymous</c> allows it.
/// </summary>
public static class HttpWorkflowEndpoints
{
    private const int MaxBodyBytes = 1_000_000;
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly HashSet<string> HiddenHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "X-Api-Key", "webhook-signature" };

    public static WebApplication MapHttpWorkflows(this WebApplication app)
    {
        var basePath = "/" + (app.Configuration["HttpWorkflows:BasePath"] ?? "workflows").Trim('/');
        var access = new HttpWorkflowAccess(app.Configuration, app.Services.GetRequiredService<PostPurchase.Commerce.Verification.RealTime>());
        // Authorised in the handler (HttpWorkflowAccess): an API key or token, or the endpoint's own secret.
        app.MapMethods(basePath + "/{**path}", Methods, (string? path, HttpRequest request, WorkflowRuntime runtime, CancellationToken ct) =>
                HandleAsync(path, request, runtime, access, ct)).DisableAntiforgery()
            .WithTags("HTTP workflows")
            .WithSummary("Call a workflow's Elsa.HttpEndpoint")
            .WithDescription("Starts every published workflow whose Elsa.HttpEndpoint matches the path and method and answers with what its "
                + "Elsa.WriteHttpResponse wrote (200 with no body when nothing was written, 202 when workflows waiting at that path were "
                + "resumed, 404 when nothing matches, 413 for a body over 1 MB). API key or Studio token, or a Standard Webhooks signature "
                + "with the endpoint's secret (HttpWorkflows__Secrets__{name}), required.");
        return app;
    }

    private static async Task<IResult> HandleAsync(string? path, HttpRequest request, WorkflowRuntime runtime, HttpWorkflowAccess access, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var bytes = await ReadBytesAsync(request, cancellationToken);
        var authorization = await access.AuthorizeAsync(request.HttpContext, bytes);
        if (!authorization.AnyGranted)
            return authorization.Forbidden ? Results.StatusCode(StatusCodes.Status403Forbidden)
                : Results.Challenge(authenticationSchemes: [AuthSchemes.StudioToken, AuthSchemes.ApiKey]); // 401 (or 429 while throttled)
        var input = new JsonObject
        {
            [HttpEndpoint.RequestKey] = new JsonObject
            {
                ["method"] = request.Method,
                ["path"] = path ?? "",
                ["query"] = new JsonObject(request.Query.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)q.Value.ToString()))),
                ["headers"] = new JsonObject(request.Headers.Where(h => !HiddenHeaders.Contains(h.Key)).Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value.ToString()))),
                ["body"] = ParseBody(request, bytes),
                [HttpEndpoint.AuthorizationKey] = authorization.ToJson(),
            },
        };

        // A replayed signed request (same webhook-id) starts nothing new and gets the same answer.
        var dedupeKey = authorization.WebhookId is { } id ? "http-webhook:" + id : Guid.NewGuid().ToString("N");
        var started = await runtime.DispatchTriggerAsync("Elsa.HttpEndpoint", input, correlationId: null, dedupeKey, cancellationToken);
        if (started.Count == 0)
        {
            // Workflows waiting mid-way at an endpoint whose path (placeholders included) matches continue with the request.
            var resumed = await runtime.RaiseMatchingEventsAsync(HttpEndpoint.EventPrefix,
                eventName => HttpPaths.Match(eventName[HttpEndpoint.EventPrefix.Length..], path ?? "") is not null,
                input[HttpEndpoint.RequestKey]!.DeepClone(), cancellationToken);
            return resumed > 0 ? Results.Accepted() : Results.NotFound();
        }

        if (started.Select(i => i.State.Properties[WriteHttpResponse.PropertyName]).FirstOrDefault(r => r is JsonObject) is not JsonObject response)
            return Results.Ok();
        foreach (var (name, value) in response["headers"] as JsonObject ?? [])
            if (value is JsonValue v && v.TryGetValue(out string? text)) request.HttpContext.Response.Headers[name] = text;
        return Results.Content(response["body"]?.GetValue<string>() ?? "", response["contentType"]?.GetValue<string>(), statusCode: response["statusCode"]!.GetValue<int>());
    }

    /// <summary>The raw body (signatures cover these bytes), at most 1 MB.</summary>
    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is null or 0 && !request.Headers.ContainsKey("Transfer-Encoding")) return [];
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
        }

        return buffer.ToArray();
    }

    private static JsonNode? ParseBody(HttpRequest request, byte[] bytes)
    {
        if (bytes.Length == 0) return null;
        var text = System.Text.Encoding.UTF8.GetString(bytes);
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
