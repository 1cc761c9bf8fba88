using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace PostPurchase.Workflows.Activities.Http;

/// <summary>
/// What Elsa.SendHttpRequest and Elsa.FlowSendHttpRequest share (Elsa's SendHttpRequestBase): the request inputs, the
/// response outputs and the call. Tries again after a connection failure, a 429 or a 5xx (<c>HttpRequests__MaxRetries</c>);
/// each call carries an <c>Idempotency-Key</c> stable for the step. Private, loopback and link-local addresses are refused
/// (<see cref="OutboundHttpClient"/>). Logs name the method, host and path only (no query string, headers or bodies).
/// </summary>
public abstract class SendHttpRequestBase(OutboundHttpClient http) : Activity
{
    [Input(Description = "The URL to call (http or https).", Order = 0)]
    public Input<string> Url { get; set; } = new();

    [Input(Description = "The HTTP method.", Options = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"], DefaultValue = "GET", Order = 1)]
    public Input<string> Method { get; set; } = new();

    [Input(Description = "The body: text, or an object sent as JSON.", UIHint = UIHints.MultiLine, Order = 2)]
    public Input<JsonNode> Content { get; set; } = new();

    [Input(Description = "The content type (default application/json for objects, text/plain for text).", Order = 3)]
    public Input<string> ContentType { get; set; } = new();

    [Input(Description = "The Authorization header, e.g. Bearer {token}.", Category = "Security", Order = 4)]
    public Input<string> Authorization { get; set; } = new();

    [Input(Description = "Kept for Elsa compatibility (the header is always sent as given).", Category = "Security", Order = 5)]
    public Input<bool> DisableAuthorizationHeaderValidation { get; set; } = new();

    [Input(Description = "Extra request headers, e.g. {\"X-Shop\":\"acme\"}.", UIHint = UIHints.JsonEditor, Category = "Advanced", Order = 6)]
    public Input<JsonNode> RequestHeaders { get; set; } = new();

    [Output(Description = "The HTTP response status code.")]
    public Output<int> StatusCode { get; set; } = new();

    [Output(Description = "The response body, parsed when it is JSON.")]
    public Output<JsonNode> ParsedContent { get; set; } = new();

    [Output(Description = "The response headers.")]
    public Output<JsonNode> ResponseHeaders { get; set; } = new();

    /// <summary>Calls the URL (with retries) and sets the outputs from the last response; a refused address faults the step.</summary>
    protected async Task<HttpCallResult> SendAsync(ActivityExecutionContext context)
    {
        var text = await context.GetAsync(Url);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ActivityConfigurationException($"'{text}' is not an http(s) URL.");
        var method = new HttpMethod((await context.GetAsync(Method) is { Length: > 0 } m ? m : "GET").ToUpperInvariant());

        for (var attempt = 0; ; attempt++)
        {
            using var request = await BuildAsync(context, method, url);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            timeout.CancelAfter(http.Options.Timeout);
            HttpResponseMessage response;
            try
            {
                response = await http.Client.SendAsync(request, timeout.Token);
            }
            catch (HttpRequestException ex) when (ex is OutboundAddressRefusedException || ex.InnerException is OutboundAddressRefusedException)
            {
                throw new ActivityConfigurationException((ex as OutboundAddressRefusedException ?? (OutboundAddressRefusedException)ex.InnerException!).Message);
            }
            catch (HttpRequestException ex)
            {
                context.Logger.LogWarning("{Method} {Host}{Path} failed to connect (try {Try}): {Error}", method, url.Host, url.AbsolutePath, attempt + 1, ex.Message);
                if (attempt < http.Options.MaxRetries) { await Task.Delay(Backoff(attempt), context.CancellationToken); continue; }
                return new HttpCallResult(HttpCallOutcome.FailedToConnect, 0);
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                context.Logger.LogWarning("{Method} {Host}{Path} timed out after {Timeout}", method, url.Host, url.AbsolutePath, http.Options.Timeout);
                return new HttpCallResult(HttpCallOutcome.Timeout, 0);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                context.Logger.LogInformation("{Method} {Host}{Path} answered {Status}", method, url.Host, url.AbsolutePath, status);
                if ((status == 429 || status >= 500) && attempt < http.Options.MaxRetries)
                {
                    await Task.Delay(Backoff(attempt), context.CancellationToken);
                    continue;
                }

                await SetOutputsAsync(context, response, status);
                return new HttpCallResult(HttpCallOutcome.Response, status);
            }
        }
    }

    private async Task<HttpRequestMessage> BuildAsync(ActivityExecutionContext context, HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        var content = await context.GetJsonAsync(Content);
        if (content is not null && method != HttpMethod.Get && method != HttpMethod.Head)
        {
            var isText = content is JsonValue v && v.TryGetValue(out string? _);
            var type = await context.GetAsync(ContentType) is { Length: > 0 } t ? t : isText ? "text/plain" : "application/json";
            request.Content = new StringContent(isText ? content.GetValue<string>() : content.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }

        if (await context.GetAsync(Authorization) is { Length: > 0 } authorization)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var headers = await context.GetJsonAsync(RequestHeaders) switch
        {
            JsonObject o => o,
            JsonValue h when h.TryGetValue(out string? json) && json.TrimStart().StartsWith('{') => JsonNode.Parse(json)!.AsObject(),
            _ => new JsonObject(),
        };
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value is JsonValue hv && hv.TryGetValue(out string? s) ? s : value?.ToJsonString());
        if (!request.Headers.Contains("Idempotency-Key")) request.Headers.TryAddWithoutValidation("Idempotency-Key", context.IdempotencyKey);
        return request;
    }

    private async Task SetOutputsAsync(ActivityExecutionContext context, HttpResponseMessage response, int status)
    {
        context.Set(StatusCode, status);
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers)) headers[name] = string.Join(", ", values);
        context.Set(ResponseHeaders, headers);
        var body = await response.Content.ReadAsStringAsync(context.CancellationToken);
        if (body.Length == 0) return;
        JsonNode? parsed = body;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try { parsed = JsonNode.Parse(body); }
            catch (System.Text.Json.JsonException) { parsed = body; }
        }

        context.Set(ParsedContent, parsed!);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt));
}

/// <summary>How a call ended: with a response (its status code), or without one.</summary>
public enum HttpCallOutcome
{
    Response,
    FailedToConnect,
    Timeout,
}

public sealed record HttpCallResult(HttpCallOutcome Outcome, int StatusCode);
