using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using PostPurchase.Server.Auth;

namespace PostPurchase.Server.Security;

/// <summary>
/// <c>/studio/users</c>, admins only: the team with roles; add a user, change a role, disable or enable. Form posts carry
/// an antiforgery token (and the sign-in cookie is SameSite=Strict). Each change is recorded in the audit trail.
/// </summary>
public static class UserEndpoints
{
    private const string PagePath = "/studio/users";

    public static IEndpointRouteBuilder MapUserAdministration(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(PagePath).RequireAuthorization(AuthSchemes.StudioPagesPolicy).RequireRole(StudioRoles.Admin).ExcludeFromDescription();
        admin.MapGet("", (HttpContext http, StudioUsers users, IAntiforgery antiforgery, CancellationToken ct) => PageAsync(http, users, antiforgery, null, null, ct));
        admin.MapPost("", PostAsync).DisableAntiforgery(); // validated explicitly below, with a readable error page
        return app;
    }

    private static async Task<IResult> PostAsync(HttpContext http, StudioUsers users, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return await PageAsync(http, users, antiforgery, "The form expired or did not come from this page; please try again.", null, ct, StatusCodes.Status400BadRequest);

        var form = await http.Request.ReadFormAsync(ct);
        var name = form["name"].ToString();
        var now = TimeProvider.System.GetUtcNow();
        try
        {
            switch (form["action"].ToString())
            {
                case "add":
                    await users.AddAsync(name, form["password"].ToString(), form["role"].ToString(), now, ct);
                    AuditRecorder.Describe(http, "user.add", StudioUsers.Normalize(name), detail: "role " + form["role"]);
                    return await PageAsync(http, users, antiforgery, null, $"Added {name}.", ct);
                case "role":
                    await users.UpdateAsync(name, form["role"].ToString(), null, now, ct);
                    AuditRecorder.Describe(http, "user.role", StudioUsers.Normalize(name), detail: "role " + form["role"]);
                    return await PageAsync(http, users, antiforgery, null, $"{name} is now {form["role"]}.", ct);
                case "disable":
                case "enable":
                    var disable = form["action"] == "disable";
                    await users.UpdateAsync(name, null, disable, now, ct);
                    AuditRecorder.Describe(http, disable ? "user.disable" : "user.enable", StudioUsers.Normalize(name));
                    return await PageAsync(http, users, antiforgery, null, $"{name} is {(disable ? "disabled" : "enabled")}.", ct);
                default:
                    return await PageAsync(http, users, antiforgery, "Unknown action.", null, ct, StatusCodes.Status400BadRequest);
            }
        }
        catch (ArgumentException ex)
        {
            return await PageAsync(http, users, antiforgery, ex.Message.Split(" (Parameter")[0], null, ct, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> PageAsync(HttpContext http, StudioUsers users, IAntiforgery antiforgery, string? error, string? done, CancellationToken ct, int status = 200)
    {
        http.Response.Headers.CacheControl = "no-store";
        var token = antiforgery.GetAndStoreTokens(http);
        var hidden = $"<input type=\"hidden\" name=\"{StaffPage.Encode(token.FormFieldName)}\" value=\"{StaffPage.Encode(token.RequestToken)}\">";
        var html = new StringBuilder();
        if (error is not null) html.Append($"<p class=\"error\" role=\"alert\">{StaffPage.Encode(error)}</p>");
        if (done is not null) html.Append($"<p class=\"ok\" role=\"status\">{StaffPage.Encode(done)}</p>");
        html.Append("<table><thead><tr><th>User</th><th>Role</th><th>Defined in</th><th>State</th><th>Change</th></tr></thead><tbody>");
        foreach (var user in await users.ListAsync(ct))
        {
            html.Append($"<tr><td>{StaffPage.Encode(user.Name)}</td><td>{StaffPage.Encode(user.Role)}</td><td>{StaffPage.Encode(user.Source)}</td><td>{(user.Disabled ? "disabled" : "active")}</td><td>");
            if (user.Source is StudioUsers.Database or StudioUsers.SingleSignOn)
            {
                var name = $"<input type=\"hidden\" name=\"name\" value=\"{StaffPage.Encode(user.Name)}\">";
                if (user.Source == StudioUsers.Database) // an SSO user's role comes from the identity provider at each sign-in
                    html.Append($"<form class=\"inline\" method=\"post\">{hidden}{name}<input type=\"hidden\" name=\"action\" value=\"role\">{RoleSelect(user.Role)} <button>Set role</button></form> ");
                html.Append($"<form class=\"inline\" method=\"post\">{hidden}{name}<input type=\"hidden\" name=\"action\" value=\"{(user.Disabled ? "enable" : "disable")}\"><button>{(user.Disabled ? "Enable" : "Disable")}</button></form>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        html.Append($"""
            <form method="post"><fieldset><legend>Add a user</legend>{hidden}<input type="hidden" name="action" value="add">
            <label>Name <input name="name" required maxlength="64" autocomplete="off"></label>
            <label>Password <input name="password" type="password" required minlength="12" autocomplete="new-password"></label>
            <label>Role {RoleSelect(StudioRoles.Editor)}</label> <button>Add</button></fieldset></form>
            <p>Roles: <b>admin</b> manages users, API keys and settings; <b>editor</b> edits, tests, simulates and publishes journeys; <b>viewer</b> reads reports and instances.</p>
            """);
        return StaffPage.Render("Users", html.ToString(), status);
    }

    private static string RoleSelect(string selected) =>
        "<select name=\"role\">" + string.Concat(StudioRoles.All.Select(r => $"<option{(r == selected ? " selected" : "")}>{r}</option>")) + "</select>";
}
