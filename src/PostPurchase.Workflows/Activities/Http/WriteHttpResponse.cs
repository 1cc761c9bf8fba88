using System.Net;
using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Activities.Http;

/// <summary>
/// Elsa.WriteHttpResponse: the answer to the request that started the workflow (kept on the instance as
/// <c>properties.httpResponse</c> and sent by the server when the run stops). Without it the server answers 200.
/// </summary>
[Activity("Elsa", "HTTP", "Write a response to the current HTTP response object.", DisplayName = "HTTP Response")]
public sealed class WriteHttpResponse : Activity
{
    public const string PropertyName = "httpResponse";

    [Input(Description = "The status code, e.g. OK, Created or 404.", DefaultValue = "OK")]
    public Input<string> StatusCode { get; set; } = new();

    [Input(Description = "The body: text, or an object written as JSON.", UIHint = UIHints.MultiLine)]
    public Input<JsonNode> Content { get; set; } = new();

    [Input(Description = "The content type (default text/plain for text, application/json otherwise).")]
    public Input<string> ContentType { get; set; } = new();

    [Input(Description = "Extra response headers, e.g. {\"Cache-Control\":\"no-store\"}.", UIHint = UIHints.JsonEditor)]
    public Input<JsonNode> ResponseHeaders { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var statusText = await context.GetAsync(StatusCode);
        var status = string.IsNullOrWhiteSpace(statusText) ? HttpStatusCode.OK
            : Enum.TryParse<HttpStatusCode>(statusText, ignoreCase: true, out var parsed) && (int)parsed is >= 100 and <= 599 ? parsed
            : throw new ActivityConfigurationException($"'{statusText}' is not an HTTP status code.");
        var content = await context.GetJsonAsync(Content);
        var isText = content is JsonValue v && v.TryGetValue(out string? _);
        var headers = await context.GetJsonAsync(ResponseHeaders) switch
        {
            JsonObject o => o,
            JsonValue h when h.TryGetValue(out string? text) && text.TrimStart().StartsWith('{') => JsonNode.Parse(text)!.AsObject(),
            _ => new JsonObject(),
        };
        context.InstanceProperties[PropertyName] = new JsonObject
        {
            ["statusCode"] = (int)status,
            ["contentType"] = await context.GetAsync(ContentType) is { Length: > 0 } type ? type : isText ? "text/plain; charset=utf-8" : "application/json",
            ["body"] = content is null ? null : isText ? content.GetValue<string>() : content.ToJsonString(),
            ["headers"] = headers.DeepClone(),
        };
        return ActivityResult.Done();
    }
}
