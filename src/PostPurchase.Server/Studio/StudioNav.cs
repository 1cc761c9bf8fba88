using System.Net;

namespace PostPurchase.Server.Studio;

/// <summary>
/// The one top bar of every Studio page (the Studio's host pages, reports, simulator, users, audit trail), so each page
/// leads to the others and back: Workflow definitions, Instances, Reports, Simulator, Audit trail, Users, Privacy.
/// </summary>
public static class StudioNav
{
    public const string SimulatorPath = "/studio/simulator";

    /// <summary>Styles for <see cref="Html"/>; self-contained so pages with their own styles can include it as is.</summary>
    public const string Style = """
        .pp-nav{display:flex;gap:1.25rem;align-items:center;padding:0 1rem;height:44px;flex:none;background:#1f2937;color:#f9fafb;font-size:14px;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        .pp-nav a{color:#e5e7eb;text-decoration:none} .pp-nav a:hover{text-decoration:underline}
        .pp-nav a[aria-current=page]{color:#fff;font-weight:600}
        .pp-nav .pp-brand{font-weight:600;color:#fff}
        .pp-nav form{margin:0 0 0 auto;display:block;background:none;padding:0;box-shadow:none}
        .pp-nav button{background:none;border:1px solid #6b7280;color:#e5e7eb;border-radius:4px;padding:2px 10px;cursor:pointer;font:inherit}
        """;

    private static readonly (string Id, string Href, string Text)[] Links =
    [
        ("pp-nav-definitions", "/studio/", "Workflow definitions"),
        ("pp-nav-instances", "/studio/workflows/instances", "Instances"),
        ("pp-nav-reports", "/studio/reports", "Reports"),
        ("pp-nav-simulator", SimulatorPath, "Simulator"),
        ("pp-nav-audit", "/studio/audit", "Audit trail"),
        ("pp-nav-users", "/studio/users", "Users"),
        ("pp-nav-privacy", "/studio/privacy", "Privacy"),
    ];

    /// <summary>The bar; <paramref name="current"/> is the id of the link marked as this page; with a user, a sign-out button.</summary>
    public static string Html(string? current = null, string? user = null)
    {
        var links = string.Concat(Links.Select(l =>
            $"<a href=\"{l.Href}\" id=\"{l.Id}\"{(l.Id == current ? " aria-current=\"page\"" : "")}>{l.Text}</a>"));
        var signOut = user is null ? "" :
            $"<form method=\"post\" action=\"/studio/logout\"><span>{WebUtility.HtmlEncode(user)}</span> <button type=\"submit\">Sign out</button></form>";
        return $"<nav class=\"pp-nav\" aria-label=\"Studio\"><span class=\"pp-brand\">PostPurchase Studio</span>{links}{signOut}</nav>";
    }
}
