using System.Globalization;
using System.Text;
using PostPurchase.Persistence.Security;
using PostPurchase.Server.Auth;

namespace PostPurchase.Server.Security;

/// <summary>
/// The audit trail: <c>GET /api/audit?take=100&amp;before={sequence}&amp;target=&amp;actor=</c> (Studio token or API key,
/// any role) answers <c>{"items":[{sequence, at, actor, action, target, version, detail}]}</c>, newest first;
/// <c>/studio/audit</c> shows the same to signed-in staff.
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async (int? take, long? before, string? target, string? actor, AuditTrail trail, CancellationToken ct) =>
            Results.Ok(new { items = await trail.ListAsync(take ?? 100, before, target, actor, ct) }))
            .RequireAuthorization(AuthSchemes.ElsaApiPolicy);

        app.MapGet("/studio/audit", async (HttpContext http, long? before, string? target, string? actor, AuditTrail trail, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            var entries = await trail.ListAsync(100, before, target, actor, ct);
            var html = new StringBuilder("<table><thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Target</th><th>Version</th><th>Detail</th></tr></thead><tbody>");
            foreach (var e in entries)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{StaffPage.Encode(e.Actor)}</td><td>{StaffPage.Encode(e.Action)}</td><td>{StaffPage.Encode(e.Target)}</td><td>{e.Version}</td><td>{StaffPage.Encode(e.Detail)}</td></tr>");
            html.Append("</tbody></table>");
            if (entries.Count == 100)
                html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/studio/audit?before={entries[^1].Sequence}\">Older entries</a></p>");
            if (entries.Count == 0) html.Append("<p>Nothing recorded yet.</p>");
            return StaffPage.Render("Audit trail", html.ToString());
        }).RequireAuthorization(AuthSchemes.StudioPagesPolicy).ExcludeFromDescription();
        return app;
    }
}
