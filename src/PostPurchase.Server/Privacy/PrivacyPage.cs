using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using PostPurchase.Persistence.Privacy;
using PostPurchase.Persistence.Security;
using PostPurchase.Server.Auth;
using PostPurchase.Server.Security;

namespace PostPurchase.Server.Privacy;

/// <summary>
/// <c>/studio/privacy</c>, admins only: export a customer's data (a JSON download from
/// <c>/studio/privacy/export</c>) or erase it (a form post with an antiforgery token and a confirmation box).
/// Plain server-rendered HTML without scripts, like the other staff pages.
/// </summary>
public static class PrivacyPage
{
    private const string PagePath = "/studio/privacy";

    public static IEndpointRouteBuilder MapPrivacyPage(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(PagePath).RequireAuthorization(AuthSchemes.StudioPagesPolicy).RequireRole(StudioRoles.Admin).ExcludeFromDescription();
        admin.MapGet("", (HttpContext http, IAntiforgery antiforgery) => Page(http, antiforgery, null, null));
        admin.MapGet("/export", async (string? email, string? phone, HttpContext http, IAntiforgery antiforgery, PrivacyRequests privacy, AuditTrail trail, CancellationToken ct) =>
        {
            if (PrivacySubject.TryCreate(email, phone, out var error) is not { } subject) return Page(http, antiforgery, error, null, StatusCodes.Status400BadRequest);
            var export = await privacy.ExportAsync(subject, ct);
            await PrivacyEndpoints.RecordExportAsync(http, trail, subject);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"privacy-export.json\"";
            return Results.Json(export);
        });
        admin.MapPost("", EraseAsync).DisableAntiforgery(); // validated explicitly below, with a readable error page
        return app;
    }

    private static async Task<IResult> EraseAsync(HttpContext http, IAntiforgery antiforgery, PrivacyRequests privacy, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Page(http, antiforgery, "The form expired or did not come from this page; please try again.", null, StatusCodes.Status400BadRequest);
        var form = await http.Request.ReadFormAsync(ct);
        if (PrivacySubject.TryCreate(form["email"], form["phone"], out var error) is not { } subject)
            return Page(http, antiforgery, error, null, StatusCodes.Status400BadRequest);
        if (form["confirm"] != "yes") return Page(http, antiforgery, "Tick the box to confirm the erasure.", null, StatusCodes.Status400BadRequest);

        var report = await privacy.EraseAsync(subject, ct);
        PrivacyEndpoints.DescribeErasure(http, subject, report);
        var rows = report.Rows;
        var summary = new StringBuilder();
        summary.Append(CultureInfo.InvariantCulture, $"<p class=\"ok\" role=\"status\">{(report.ErasedAnything ? "Erased" : "Nothing left to erase for")} {StaffPage.Encode(subject.Masked)}.</p>");
        summary.Append("<table><thead><tr><th>What</th><th>Changed</th></tr></thead><tbody>");
        foreach (var (what, count) in new (string, int)[]
                 {
                     ("Journeys cancelled", report.CancelledJourneys), ("Journey instances", rows.WorkflowInstances), ("Journal entries", rows.JournalEntries),
                     ("Queued work deleted", rows.QueuedWork), ("Customer orders", rows.CustomerOrders), ("Message records", rows.SendRecords),
                     ("Suppression entries hashed", rows.ConsentChanges), ("Review requests", rows.ReviewRequests), ("Review comments", rows.Reviews),
                     ("Engagement facts", rows.JourneyEvents), ("Tracked links deleted", rows.TrackedLinks), ("Webhook inbox rows", rows.InboxEvents),
                     ("Cancelled orders", rows.CancelledCorrelations), ("Audit entries", rows.AuditEntries), ("Outbox files deleted", report.OutboxFiles),
                 })
            summary.Append(CultureInfo.InvariantCulture, $"<tr><td>{what}</td><td>{count}</td></tr>");
        summary.Append("</tbody></table>");
        return Page(http, antiforgery, null, summary.ToString());
    }

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? error, string? resultHtml, int status = 200)
    {
        http.Response.Headers.CacheControl = "no-store";
        var token = antiforgery.GetAndStoreTokens(http);
        var html = new StringBuilder();
        if (error is not null) html.Append($"<p class=\"error\" role=\"alert\">{StaffPage.Encode(error)}</p>");
        if (resultHtml is not null) html.Append(resultHtml);
        html.Append($"""
            <p>Requests from customers under GDPR / UK GDPR (access, erasure) and CCPA (know, delete). Give the customer's email, phone number (E.164, e.g. +14155550100) or both.</p>
            <form method="get" action="{PagePath}/export"><fieldset><legend>Export everything we hold (JSON)</legend>
            <label>Email <input name="email" type="email" maxlength="320" autocomplete="off"></label>
            <label>Phone <input name="phone" maxlength="32" autocomplete="off"></label> <button>Download export</button></fieldset></form>
            <form method="post" action="{PagePath}"><fieldset><legend>Erase the customer</legend>
            <input type="hidden" name="{StaffPage.Encode(token.FormFieldName)}" value="{StaffPage.Encode(token.RequestToken)}">
            <label>Email <input name="email" type="email" maxlength="320" autocomplete="off"></label>
            <label>Phone <input name="phone" maxlength="32" autocomplete="off"></label>
            <label><input type="checkbox" name="confirm" value="yes" required> Cancel their journeys and erase their data; this cannot be undone</label>
            <button>Erase</button></fieldset></form>
            <p>Report totals stay (orders, messages and engagement keep their figures under a pseudonym). An address that had opted out is kept only as a keyed hash, so it is never sent marketing again.</p>
            """);
        return StaffPage.Render("Privacy requests", html.ToString(), status);
    }
}
