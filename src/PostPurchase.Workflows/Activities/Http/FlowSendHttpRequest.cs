using System.Text.Json.Nodes;

namespace PostPurchase.Workflows.Activities.Http;

/// <summary>
/// Elsa.FlowSendHttpRequest: calls a URL and continues on the status code when it is one of the expected ones, else
/// "Unmatched status code" (plus Done), or on "Failed to connect" / "Timeout". The call, its retries and its address
/// checks are <see cref="SendHttpRequestBase"/>'s.
/// </summary>
[Activity("Elsa", "HTTP", "Send an HTTP request.", DisplayName = "HTTP Request (flow)", Kind = ActivityKind.Task)]
[Outcomes("Done", "Unmatched status code", "Failed to connect", "Timeout")]
[DynamicOutcomes]
public sealed class FlowSendHttpRequest(OutboundHttpClient http) : SendHttpRequestBase(http)
{
    [Input(Description = "Status codes that get their own outcome, e.g. [200, 404].", UIHint = UIHints.MultiText, Order = 7)]
    public Input<int[]> ExpectedStatusCodes { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var expected = await context.GetAsync(ExpectedStatusCodes) ?? [];
        var result = await SendAsync(context);
        return result.Outcome switch
        {
            HttpCallOutcome.FailedToConnect => ActivityResult.Outcome("Failed to connect"),
            HttpCallOutcome.Timeout => ActivityResult.Outcome("Timeout"),
            _ when expected.Length == 0 => ActivityResult.Done(),
            _ => ActivityResult.Outcome(expected.Contains(result.StatusCode) ? result.StatusCode.ToString() : "Unmatched status code", "Done"),
        };
    }
}
