using System.Globalization;
using System.Net;
using System.Text;
using PostPurchase.Engagement.Reports;
using PostPurchase.Server.Studio;
using PostPurchase.Workflows.Definitions;
using static System.FormattableString;

namespace PostPurchase.Server.Reports;

/// <summary>The server-rendered report pages: the list of journeys and one journey's report (HTML and inline SVG, no scripts).</summary>
public static class ReportPage
{
    public const string NotYetSignificant = "not yet significant";

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b;line-height:1.45}
        main{max-width:110rem;margin:1rem auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 4px rgba(0,0,0,.08)}
        h1{font-size:1.5rem;margin-top:0} h2{font-size:1.2rem;margin-top:2rem} h3{font-size:1.05rem}
        a{color:#1d4ed8}
        form{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:1rem 0}
        label{display:flex;flex-direction:column;font-size:.9rem}
        input,button{font:inherit;padding:.35rem .6rem;border:1px solid #cbd5e1;border-radius:6px}
        button{background:#1d4ed8;color:#fff;border-color:#1d4ed8;cursor:pointer}
        .figures{display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin:1rem 0;list-style:none}
        .figures li{background:#f1f5f9;border-radius:8px;padding:.75rem 1rem;min-width:9rem}
        .figures strong{display:block;font-size:1.4rem}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
        th,td{border-bottom:1px solid #e5e7eb;padding:.3rem .45rem;text-align:right;vertical-align:top}
        td{white-space:nowrap}
        th:first-child,td:first-child{text-align:left}
        thead th{background:#f8fafc;font-size:.78rem;font-weight:600}
        small{color:#555;display:block}
        .badge{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:.8rem;font-weight:600}
        .pending{background:#fef3c7;color:#92400e} .significant{background:#dcfce7;color:#166534}
        .chart{max-width:100%;height:auto;display:block;margin:.5rem 0}
        .error{color:#b91c1c;font-weight:600}
        """;

    /// <summary>The journeys that have a report, each linking to it.</summary>
    public static string DefinitionList(IReadOnlyList<WorkflowDefinition> definitions)
    {
        var body = new StringBuilder("<p>Published journeys. Open one to see what each step did.</p>");
        if (definitions.Count == 0) body.Append("<p>No journey is published yet.</p>");
        else
        {
            body.Append("<ul class=\"journeys\">");
            foreach (var definition in definitions)
                body.Append($"<li><a href=\"{Encode(ReportPath(definition.DefinitionId))}\">{Encode(definition.Name)}</a> <small>{Encode(definition.DefinitionId)} · version {definition.Version}</small></li>");
            body.Append("</ul>");
        }

        return Document("Journey reports", body.ToString());
    }

    public static string Error(string title, string message) =>
        Document(title, $"<p class=\"error\" role=\"alert\">{Encode(message)}</p><p><a href=\"{ReportEndpoints.PagePath}\">All journey reports</a></p>");

    public static string Report(JourneyReport report, ReportPeriod period)
    {
        var body = new StringBuilder()
            .Append($"<p><a href=\"{ReportEndpoints.PagePath}\">All journey reports</a> · <code>{Encode(report.DefinitionId)}</code></p>")
            .Append(PeriodForm(period))
            .Append(Headline(report))
            .Append("<h2>Journeys started per day</h2>")
            .Append(SvgCharts.StartsPerDay(report.StartsPerDay))
            .Append(StepTable(report.Steps))
            .Append(Funnels(report.Steps))
            .Append(Splits(report.Splits))
            .Append(Windows(report.Windows));
        return Document("Report: " + report.Name, body.ToString());
    }

    public static string ReportPath(string definitionId) => ReportEndpoints.PagePath + "/" + Uri.EscapeDataString(definitionId);

    private static string PeriodForm(ReportPeriod period) => Invariant($"""
        <form method="get" aria-label="Report period">
        <label>From <input type="date" name="from" value="{period.FirstDay:yyyy-MM-dd}" required></label>
        <label>To (inclusive) <input type="date" name="to" value="{period.LastDay:yyyy-MM-dd}" required></label>
        <button type="submit">Show</button>
        </form>
        <p class="period">Period: {period.From:yyyy-MM-dd HH:mm} to {period.To:yyyy-MM-dd HH:mm} UTC (end excluded).</p>
        """);

    private static string Headline(JourneyReport report)
    {
        var steps = report.Steps;
        var revenue = MoneyText.Format(MoneyText.Sum(steps.Select(s => s.Revenue)));
        return $"""
            <ul class="figures" aria-label="Headline figures">
            <li id="journeys-started">Journeys started<strong>{Number(report.JourneysStarted)}</strong></li>
            <li id="messages-sent">Messages sent<strong>{Number(steps.Sum(s => s.Sent))}</strong></li>
            <li id="clicks">Clicks<strong>{Number(steps.Sum(s => s.Clicked))}</strong></li>
            <li id="conversions">Conversions<strong>{Number(steps.Sum(s => s.Conversions))}</strong></li>
            <li id="revenue">Attributed revenue<strong>{Encode(revenue)}</strong></li>
            </ul>
            """;
    }

    private static readonly string[] StepColumns =
    [
        "Step", "Entered", "Sent", "Suppressed", "Deferred", "Delivered", "Failed", "Opened (approx.)", "Clicked", "Bot clicks",
        "Reviews", "Average rating", "Conversions", "Revenue", "AI generated", "AI fallback", "AI tokens", "SMS segments",
    ];

    private static string StepTable(IReadOnlyList<StepReport> steps)
    {
        var html = new StringBuilder("<h2>Steps</h2><div class=\"scroll\"><table class=\"steps\"><thead><tr>");
        foreach (var column in StepColumns) html.Append("<th scope=\"col\">").Append(Encode(column)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var step in steps)
        {
            html.Append($"<tr data-step=\"{Encode(step.ActivityId)}\"><th scope=\"row\">{Encode(step.Name)}<small>{Encode(step.Type)}</small></th>");
            foreach (var cell in new[]
            {
                Number(step.Entered), Number(step.Sent), ByReason(step.Suppressed), ByReason(step.Deferred), Number(step.Delivered),
                Number(step.Failed), Number(step.Opened), Number(step.Clicked), Number(step.BotClicks), Number(step.Reviews),
                step.AverageRating is { } rating ? rating.ToString("0.0#", CultureInfo.InvariantCulture) : "–", Number(step.Conversions),
                Encode(MoneyText.Format(step.Revenue)), Number(step.AiGenerated), Number(step.AiFallback), Number(step.AiTokens), Number(step.SmsSegments),
            })
                html.Append("<td>").Append(cell).Append("</td>");
            html.Append("</tr>");
        }

        if (steps.Count == 0) html.Append($"<tr><td colspan=\"{StepColumns.Length}\">No steps.</td></tr>");
        return html.Append("</tbody></table></div>").ToString();
    }

    /// <summary>The total, with the count per reason underneath.</summary>
    private static string ByReason(IReadOnlyDictionary<string, int> counts)
    {
        var total = Number(counts.Values.Sum());
        if (counts.Count == 0) return total;
        var reasons = string.Join(" · ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => Encode(c.Key) + " " + Number(c.Value)));
        return $"{total}<small>{reasons}</small>";
    }

    private static string Funnels(IReadOnlyList<StepReport> steps)
    {
        var messageSteps = steps.Where(IsMessageStep).ToList();
        if (messageSteps.Count == 0) return "";
        var html = new StringBuilder("<h2>Message funnels</h2>");
        foreach (var step in messageSteps)
            html.Append($"<h3>{Encode(step.Name)}</h3>").Append(SvgCharts.Funnel(step));
        return html.ToString();
    }

    /// <summary>A step that sends messages: it has message figures, or it is one of the Send activities.</summary>
    private static bool IsMessageStep(StepReport step) =>
        step.Sent + step.Suppressed.Count + step.Deferred.Count + step.Failed > 0 || step.Type.StartsWith("PostPurchase.Send", StringComparison.Ordinal);

    private static string Splits(IReadOnlyList<SplitReport> splits)
    {
        if (splits.Count == 0) return "";
        var html = new StringBuilder("<h2>Experiments</h2>");
        foreach (var split in splits)
        {
            html.Append($"<section class=\"split\" data-split=\"{Encode(split.ActivityId)}\"><h3>{Encode(split.Name)}</h3>")
                .Append("<table class=\"branches\"><thead><tr><th scope=\"col\">Branch</th><th scope=\"col\">Journeys</th><th scope=\"col\">Clicked</th><th scope=\"col\">Click rate</th>")
                .Append("<th scope=\"col\">Converted</th><th scope=\"col\">Conversion rate</th><th scope=\"col\">Revenue</th></tr></thead><tbody>");
            foreach (var branch in split.Branches)
                html.Append($"<tr><th scope=\"row\">{Encode(branch.Branch)}</th><td>{Number(branch.Journeys)}</td><td>{Number(branch.Clicked)}</td>")
                    .Append($"<td>{SvgCharts.Percent(branch.ClickRate)}</td><td>{Number(branch.Converted)}</td><td>{SvgCharts.Percent(branch.ConversionRate)}</td>")
                    .Append($"<td>{Encode(MoneyText.Format(branch.Revenue))}</td></tr>");
            html.Append("</tbody></table>").Append(SvgCharts.ConversionByBranch(split));

            if (split.Comparisons.Count > 0)
            {
                html.Append("<ul class=\"verdicts\">");
                foreach (var comparison in split.Comparisons)
                    html.Append(comparison.Significant
                        ? $"<li><span class=\"badge significant\">significant</span> {Encode(comparison.Verdict)}</li>"
                        : $"<li><span class=\"badge pending\">{NotYetSignificant}</span> {Encode(comparison.Verdict)}</li>");
                html.Append("</ul>");
            }

            html.Append("</section>");
        }

        return html.ToString();
    }

    private static string Windows(AttributionWindows windows) => $"""
        <h2>How figures are counted</h2>
        <p class="windows">A later purchase by the same customer is attributed to the message they last clicked within
        {InWords(windows.AfterClick)} before it, or else to the one they last opened within {InWords(windows.AfterOpen)} before it;
        a refund removes the attribution. Opens are approximate (mail clients pre-fetch or block images). Clicks by link
        scanners are counted as bot clicks, not as clicks.</p>
        """;

    /// <summary>"7 days", "1 day", "12 hours", "30 minutes".</summary>
    public static string InWords(TimeSpan span)
    {
        static string Unit(double n, string unit) => n.ToString("0.##", CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s");
        if (span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0) return Unit(span.TotalDays, "day");
        if (span.TotalHours >= 1 && span.Ticks % TimeSpan.TicksPerHour == 0) return Unit(span.TotalHours, "hour");
        return Unit(span.TotalMinutes, "minute");
    }

    private static string Document(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{Encode(title)}</title>
        <style>{StudioNav.Style}{Style}</style>
        </head>
        <body>
        {StudioNav.Html("pp-nav-reports")}
        <main>
        <h1>{Encode(title)}</h1>
        {body}
        </main></body>
        </html>
        """;

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
