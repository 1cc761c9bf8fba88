using PostPurchase.Engagement.Reports;
using PostPurchase.Server.Auth;
using PostPurchase.Server.ElsaApi;
using PostPurchase.Server.Messaging;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Reports;

/// <summary>
/// The journey report: JSON at <c>/api/reports/journeys/{definitionId}</c> (API key or Studio token) and pages at
/// <c>/reports</c> behind the Studio sign-in. The pages live under <c>/studio/reports</c> because the sign-in cookie
/// and its return URLs are scoped to <c>/studio</c>; <c>/reports</c> redirects there.
/// </summary>
public static class ReportEndpoints
{
    public const string PagePath = "/studio/reports";

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/journeys/{definitionId}", JsonAsync).RequireAuthorization(AuthSchemes.ElsaApiPolicy);

        var pages = app.MapGroup(PagePath).RequireAuthorization(AuthSchemes.StudioPagesPolicy);
        pages.MapGet("", ListPageAsync);
        pages.MapGet("/{definitionId}", ReportPageAsync);

        app.MapGet("/reports", (HttpRequest request) => Results.Redirect(PagePath + request.QueryString));
        app.MapGet("/reports/{definitionId}", (string definitionId, HttpRequest request) =>
            Results.Redirect(ReportPage.ReportPath(definitionId) + request.QueryString));
        return app;
    }

    private static async Task<IResult> JsonAsync(string definitionId, string? from, string? to, TimeProvider clock, JourneyReportBuilder builder, CancellationToken ct)
    {
        var (period, field, error) = ReportPeriod.Parse(from, to, clock.GetUtcNow());
        if (period is null) return ApiErrors.BadRequest(field!, error!);
        var report = await builder.BuildAsync(definitionId, period.From, period.To, ct);
        return report is null ? ApiErrors.NotFound($"Workflow definition '{definitionId}' not found.") : Results.Ok(report);
    }

    private static async Task<IResult> ListPageAsync(HttpContext http, IWorkflowDefinitionStore store, CancellationToken ct)
    {
        var published = await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published }, ct);
        var ordered = published.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.DefinitionId, StringComparer.Ordinal).ToList();
        return Html(http, ReportPage.DefinitionList(ordered));
    }

    private static async Task<IResult> ReportPageAsync(HttpContext http, string definitionId, string? from, string? to, TimeProvider clock, JourneyReportBuilder builder, CancellationToken ct)
    {
        var (period, _, error) = ReportPeriod.Parse(from, to, clock.GetUtcNow());
        if (period is null) return Html(http, ReportPage.Error("Report period not valid", error!), StatusCodes.Status400BadRequest);
        var report = await builder.BuildAsync(definitionId, period.From, period.To, ct);
        return report is null
            ? Html(http, ReportPage.Error("Journey not found", $"No workflow definition has the id '{definitionId}'."), StatusCodes.Status404NotFound)
            : Html(http, ReportPage.Report(report, period));
    }

    private static IResult Html(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        HtmlPage.Secure(http);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
