using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PostPurchase.TestSupport.Commerce;

namespace PostPurchase.TestSupport.OpenAi;

/// <summary>What the stand-in does with the next chat-completions request.</summary>
public abstract record ScriptedAnswer
{
    public sealed record Text(string Content, int TotalTokens = 42) : ScriptedAnswer;
    public sealed record Status(int Code, string? RetryAfterSeconds = null) : ScriptedAnswer;

    /// <summary>Holds the request open until the client gives up.</summary>
    public sealed record Hang : ScriptedAnswer;
}

/// <summary>One chat-completions request as received: when, where, its credentials and its body.</summary>
public sealed record OpenAiRequest(DateTimeOffset At, string Path, string? Authorization, string? ApiKey, JsonObject Body);

/// <summary>
/// An OpenAI-compatible server on loopback (<c>POST /v1/chat/completions</c>, and Azure OpenAI's v1 path
/// <c>/openai/v1/chat/completions</c>) that answers from a script, in the shape of OpenAI's chat completion object, and
/// records every request it received.
/// </summary>
public sealed class OpenAiStandIn : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private readonly ConcurrentQueue<OpenAiRequest> _requests = new();
    private WebApplication _app = null!;

    /// <summary>The OpenAI-style base URL (ends in <c>/v1</c>).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's origin, as an Azure OpenAI resource URL would be given.</summary>
    public string Origin { get; private set; } = "";

    /// <summary>The request bodies, in order.</summary>
    public IReadOnlyList<JsonObject> Requests => _requests.Select(r => r.Body).ToList();

    /// <summary>The requests with their arrival time, path and credentials, in order.</summary>
    public IReadOnlyList<OpenAiRequest> Received => _requests.ToList();

    /// <summary>When the script is empty, every request gets this answer.</summary>
    public ScriptedAnswer Otherwise { get; set; } = new ScriptedAnswer.Status(500);

    public static async Task<OpenAiStandIn> StartAsync()
    {
        var standIn = new OpenAiStandIn();
        var (app, url) = await LoopbackServer.StartAsync(routes =>
        {
            routes.MapPost("/v1/chat/completions", standIn.HandleAsync);
            routes.MapPost("/openai/v1/chat/completions", standIn.HandleAsync);
        });
        standIn._app = app;
        standIn.Origin = url;
        standIn.BaseUrl = url + "/v1";
        return standIn;
    }

    public OpenAiStandIn Then(params ScriptedAnswer[] answers)
    {
        foreach (var answer in answers) _script.Enqueue(answer);
        return this;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var at = DateTimeOffset.UtcNow;
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        var headers = http.Request.Headers;
        _requests.Enqueue(new OpenAiRequest(at, http.Request.Path, headers.Authorization.FirstOrDefault(), headers["api-key"].FirstOrDefault(), body ?? new JsonObject()));
        var answer = _script.TryDequeue(out var next) ? next : Otherwise;
        switch (answer)
        {
            case ScriptedAnswer.Hang:
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { });
                return;
            case ScriptedAnswer.Status status:
                if (status.RetryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds;
                var error = new JsonObject { ["error"] = new JsonObject { ["message"] = $"stand-in status {status.Code}", ["type"] = status.Code == 429 ? "rate_limit_exceeded" : "server_error" } };
                await WriteAsync(http, status.Code, error);
                return;
            case ScriptedAnswer.Text text:
                await WriteAsync(http, 200, Completion(body?["model"]?.ToString() ?? "model", text));
                return;
            default:
                throw new InvalidOperationException($"Unknown answer {answer}");
        }
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    private static JsonObject Completion(string model, ScriptedAnswer.Text text) => new()
    {
        ["id"] = "chatcmpl-standin",
        ["object"] = "chat.completion",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text.Content, ["refusal"] = null },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = text.TotalTokens / 2, ["completion_tokens"] = text.TotalTokens - text.TotalTokens / 2, ["total_tokens"] = text.TotalTokens },
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
