using PostPurchase.Persistence.Privacy;
using PostPurchase.Persistence.Security;
using PostPurchase.Server.Auth;
using PostPurchase.Server.Security;

namespace PostPurchase.Server.Privacy;

/// <summary>The body of <c>POST /api/privacy/erasure</c>: an email, a phone number (E.164), or both.</summary>
public sealed record ErasureRequest(string? Email, string? Phone);

/// <summary>
/// Privacy requests through the API, admins only (Studio token or API key with the admin role):
/// <c>GET /api/privacy/export?email=…&amp;phone=…</c> answers everything stored about the customer as JSON;
/// <c>POST /api/privacy/erasure</c> with <c>{"email": …, "phone": …}</c> erases it and answers what changed. Both are
/// recorded in the audit trail with the address masked.
/// </summary>
public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/privacy").RequireAuthorization(AuthSchemes.ElsaApiPolicy).RequireRole(StudioRoles.Admin);

        api.MapGet("/export", async (string? email, string? phone, HttpContext http, PrivacyRequests privacy, AuditTrail trail, CancellationToken ct) =>
        {
            if (PrivacySubject.TryCreate(email, phone, out var error) is not { } subject) return Results.BadRequest(new { error });
            var export = await privacy.ExportAsync(subject, ct);
            await RecordExportAsync(http, trail, subject);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(export);
        });

        api.MapPost("/erasure", async (ErasureRequest? request, HttpContext http, PrivacyRequests privacy, CancellationToken ct) =>
        {
            if (PrivacySubject.TryCreate(request?.Email, request?.Phone, out var error) is not { } subject) return Results.BadRequest(new { error });
            var report = await privacy.EraseAsync(subject, ct);
            DescribeErasure(http, subject, report);
            return Results.Ok(report);
        });
        return app;
    }

    /// <summary>Reads are not audited by the middleware; a personal-data export is, explicitly.</summary>
    internal static Task RecordExportAsync(HttpContext http, AuditTrail trail, PrivacySubject subject) =>
        trail.RecordAsync(TimeProvider.System.GetUtcNow(), http.User.Identity?.Name ?? "unknown", "privacy.export", subject.Masked, null, null, CancellationToken.None);

    internal static void DescribeErasure(HttpContext http, PrivacySubject subject, ErasureReport report) =>
        AuditRecorder.Describe(http, "privacy.erasure", subject.Masked,
            detail: $"{report.CancelledJourneys} journeys cancelled, {report.Rows.Total} rows changed, {report.OutboxFiles} outbox files deleted");
}
