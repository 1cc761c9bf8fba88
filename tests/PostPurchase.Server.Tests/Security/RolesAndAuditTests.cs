using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostPurchase.Server.Tests.ElsaApi;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.Security;

/// <summary>A team with roles, enforced on the Elsa API and our own endpoints, and the audit trail of what staff did.</summary>
public sealed partial class RolesAndAuditTests
{
    private const string ViewerKey = "viewer-automation-key";

    [Fact]
    public async Task A_viewer_cannot_publish_an_editor_can_and_the_audit_trail_names_the_editor_and_version()
    {
        await using var host = new StudioTestHost(settings: new Dictionary<string, string?> { ["Auth:ApiKeys"] = $"{StudioTestHost.ApiKey},{ViewerKey}:viewer" });
        await host.ImportSampleAsync("greeting");
        var admin = host.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await host.SignInAsync(admin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AddUserAsync(admin, "Vera", "viewer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AddUserAsync(admin, "eddie", "editor")).StatusCode);

        // The API key (editor by default) retracts version 1, so there is something to publish.
        var retract = await host.ApiClient().PostAsync("/elsa/api/workflow-definitions/greeting/retract", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.OK, retract.StatusCode);

        // A viewer reads but cannot publish: 403, and nothing changes.
        var viewer = await TokenClientAsync(host, "vera", "vera-password-123");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/elsa/api/workflow-definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsync("/elsa/api/workflow-instances", Json.Body("{}"))).StatusCode); // a read with a body
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/elsa/api/workflow-definitions/greeting/publish", Json.Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/simulations", Json.Body("{}"))).StatusCode);
        var viewerKey = host.ApiClient(ViewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerKey.PostAsync("/elsa/api/workflow-definitions/greeting/publish", Json.Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerKey.PostAsync("/api/instances/none/cancel", null)).StatusCode);
        Assert.False(await IsPublishedAsync(host));

        // The editor publishes.
        var editor = await TokenClientAsync(host, "eddie", "eddie-password-123");
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync("/elsa/api/workflow-definitions/greeting/publish", Json.Body("{}"))).StatusCode);
        Assert.True(await IsPublishedAsync(host));

        // Only admins manage users.
        var editorPages = host.Client();
        await host.SignInAsync(editorPages, "eddie", "eddie-password-123");
        Assert.Equal(HttpStatusCode.Forbidden, (await editorPages.GetAsync("/studio/users")).StatusCode);

        var audit = await Json.ReadAsync(await viewer.GetAsync("/api/audit"));
        var entries = audit["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var publish = Assert.Single(entries, e => (string)e["action"]! == "definition.publish");
        Assert.Equal("eddie", (string)publish["actor"]!);
        Assert.Equal("greeting", (string)publish["target"]!);
        Assert.Equal(1, (int)publish["version"]!);
        Assert.Contains(entries, e => (string)e["action"]! == "definition.retract" && (string)e["actor"]! == "api-key-1" && (int?)e["version"] == 1);
        Assert.Contains(entries, e => (string)e["action"]! == "user.add" && (string)e["actor"]! == "admin" && (string)e["target"]! == "vera");
        Assert.DoesNotContain(entries, e => (string)e["actor"]! == "vera");

        var page = await admin.GetStringAsync("/studio/audit");
        Assert.Contains("definition.publish", page);
        Assert.Contains("eddie", page);
    }

    [Fact]
    public async Task User_changes_need_the_form_token_and_a_disabled_user_is_locked_out_at_once()
    {
        await using var host = new StudioTestHost();
        var admin = host.Client();
        await host.SignInAsync(admin);

        // Without the antiforgery token nothing is added.
        var forged = await admin.PostAsync("/studio/users", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["action"] = "add", ["name"] = "mallory", ["password"] = "mallory-password-1", ["role"] = "admin" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("mallory", await admin.GetStringAsync("/studio/users"));

        // Names are escaped on the page; bad input is refused with a clear message.
        var bad = await AddUserAsync(admin, "<script>x</script>", "editor");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.DoesNotContain("<script>x", await bad.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await AddUserAsync(admin, "vera", "editor")).StatusCode);
        var vera = await TokenClientAsync(host, "vera", "vera-password-123");
        Assert.Equal(HttpStatusCode.OK, (await vera.GetAsync("/elsa/api/workflow-definitions")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await PostUsersFormAsync(admin, new() { ["action"] = "role", ["name"] = "vera", ["role"] = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await vera.PostAsync("/elsa/api/workflow-definitions/x/publish", Json.Body("{}"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await PostUsersFormAsync(admin, new() { ["action"] = "disable", ["name"] = "vera" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await vera.GetAsync("/elsa/api/workflow-definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.SignInAsync(host.Client(), "vera", "vera-password-123")).StatusCode);
    }

    private static async Task<bool> IsPublishedAsync(StudioTestHost host)
    {
        var published = await host.ApiClient().GetAsync("/elsa/api/workflow-definitions/by-definition-id/greeting?versionOptions=Published");
        return published.StatusCode == HttpStatusCode.OK;
    }

    private static Task<HttpResponseMessage> AddUserAsync(HttpClient admin, string name, string role) =>
        PostUsersFormAsync(admin, new() { ["action"] = "add", ["name"] = name, ["password"] = name.ToLowerInvariant() + "-password-123", ["role"] = role });

    private static async Task<HttpResponseMessage> PostUsersFormAsync(HttpClient admin, Dictionary<string, string> fields)
    {
        var page = await admin.GetStringAsync("/studio/users");
        var token = FormToken().Match(page);
        Assert.True(token.Success, "the users page carries an antiforgery token");
        fields[WebUtility.HtmlDecode(token.Groups[1].Value)] = WebUtility.HtmlDecode(token.Groups[2].Value);
        return await admin.PostAsync("/studio/users", new FormUrlEncodedContent(fields));
    }

    private static async Task<HttpClient> TokenClientAsync(StudioTestHost host, string user, string password)
    {
        var pages = host.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await host.SignInAsync(pages, user, password)).StatusCode);
        var token = StudioTestHost.AccessToken().Match(await pages.GetStringAsync("/studio/")).Groups[1].Value;
        var api = host.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex FormToken();
}
