using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Activities.Http;

/// <summary>
/// Elsa.SendHttpRequest, the composite form: calls a URL (as <see cref="SendHttpRequestBase"/> does) and then runs the
/// activity of the first case in <c>expectedStatusCodes</c> (<c>[{"statusCode":200,"activity":{…}}]</c>) whose status
/// code matches, else the <c>unmatchedStatusCode</c> activity; without a response, the <c>failedToConnect</c> or
/// <c>timeout</c> activity. A slot without an activity completes at once. It completes (Done) when that activity has.
/// </summary>
[Activity("Elsa", "HTTP", "Send an HTTP request.", DisplayName = "HTTP Request", Kind = ActivityKind.Task)]
[EmbeddedPorts("UnmatchedStatusCode", "FailedToConnect", "Timeout")]
public sealed class SendHttpRequest(OutboundHttpClient http) : SendHttpRequestBase(http), ICompositeActivity
{
    /// <summary>The graph ports (see <c>CompositeLayout</c>): a case by its index, and the three fixed slots.</summary>
    public static string CasePort(int index) => $"#status:{index}";

    public const string UnmatchedPort = "#unmatched";
    public const string FailedToConnectPort = "#failedToConnect";
    public const string TimeoutPort = "#timeout";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var result = await SendAsync(context);
        if (result.Outcome == HttpCallOutcome.FailedToConnect) return ActivityResult.Outcome(FailedToConnectPort);
        if (result.Outcome == HttpCallOutcome.Timeout) return ActivityResult.Outcome(TimeoutPort);
        var cases = context.ActivityJson["expectedStatusCodes"] as JsonArray ?? [];
        for (var i = 0; i < cases.Count; i++)
            if (StatusCodeOf(cases[i]) == result.StatusCode)
                return ActivityResult.Outcome(CasePort(i));
        return ActivityResult.Outcome(UnmatchedPort);
    }

    public ValueTask<ActivityResult> OnChildCompletedAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Done());

    private static int? StatusCodeOf(JsonNode? @case) => @case?["statusCode"] switch
    {
        JsonValue v when v.TryGetValue(out int code) => code,
        JsonValue v when v.TryGetValue(out string? text) && int.TryParse(text, out var code) => code,
        _ => null,
    };
}
