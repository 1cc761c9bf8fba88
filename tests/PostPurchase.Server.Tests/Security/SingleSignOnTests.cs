using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using PostPurchase.Server.Auth;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.TestSupport.OpenIdConnect;

namespace PostPurchase.Server.Tests.Security;

/// <summary>
/// Single sign-on through OpenID Connect against a loopback provider (discovery, JWKS, code flow with PKCE, an RS256
/// id_token): the role claim decides the Studio role, refusals and sign-ins land in the audit trail, an admin can
/// disable an SSO user, and bad settings stop start-up with a message naming them.
/// </summary>
public sealed partial class SingleSignOnTests : IAsyncLifetime
{
    private OpenIdProviderStandIn _provider = null!;
    private StudioTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _provider = await OpenIdProviderStandIn.StartAsync();
        _host = new StudioTestHost(settings: new Dictionary<string, string?>
        {
            ["Auth:Oidc:Authority"] = _provider.Issuer, ["Auth:Oidc:ClientId"] = _provider.ClientId, ["Auth:Oidc:ClientSecret"] = _provider.ClientSecret,
            ["Auth:Oidc:RoleClaim"] = "groups", ["Auth:Oidc:RoleMap"] = "pp-admins=admin, marketing=editor",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }

    /// <summary>Follows the whole dance as a browser would: our challenge, the provider's redirect, our callback.</summary>
    private async Task<(HttpResponseMessage Callback, HttpClient Client)> SignInAsync(JsonObject user, string returnUrl = "/studio/audit")
    {
        _provider.NextUser = user;
        var client = _host.Client();
        var challenge = await client.GetAsync($"{SingleSignOn.StartPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(_provider.Issuer + "/authorize?", authorize.ToString());
        Assert.Contains("code_challenge_method=S256", authorize.Query);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal(OidcSettings.CallbackPath, back.Headers.Location!.AbsolutePath);
        return (await client.GetAsync(back.Headers.Location!.PathAndQuery), client);
    }

    [Fact]
    public async Task A_mapped_group_signs_in_with_its_role_and_the_sign_in_is_audited()
    {
        var login = await _host.Client().GetStringAsync("/studio/login?returnUrl=/studio/reports");
        Assert.Contains("href=\"/studio/login/sso?returnUrl=%2Fstudio%2Freports\"", login);
        Assert.Contains("Sign in with SSO", login);

        var (callback, ada) = await SignInAsync(new JsonObject { ["sub"] = "u-1", ["preferred_username"] = "Ada.Lovelace", ["groups"] = new JsonArray("staff", "marketing") });
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains("url=/studio/audit", await callback.Content.ReadAsStringAsync()); // moves on from our own page (SameSite=Strict cookie)
        Assert.Empty(_provider.Refusals);

        var audit = await ada.GetStringAsync("/studio/audit");
        Assert.Contains("user.sso-sign-in", audit);
        Assert.Contains("sso:ada.lovelace", audit);
        Assert.Contains("role editor", audit);
        Assert.Equal(HttpStatusCode.Forbidden, (await ada.GetAsync("/studio/users")).StatusCode); // an editor, not an admin
        var token = StudioTestHost.AccessToken().Match(await ada.GetStringAsync("/studio/")).Groups[1].Value;
        var api = _host.Client();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/elsa/api/workflow-definitions")).StatusCode); // the Studio's API token works too

        // A role value named like a Studio role maps by convention; the highest of several wins.
        var (_, root) = await SignInAsync(new JsonObject { ["sub"] = "u-2", ["preferred_username"] = "grace", ["groups"] = new JsonArray("viewer", "pp-admins") });
        Assert.Equal(HttpStatusCode.OK, (await root.GetAsync("/studio/users")).StatusCode);
    }

    [Fact]
    public async Task No_role_or_a_disabled_user_is_refused_and_recorded()
    {
        var (refused, _) = await SignInAsync(new JsonObject { ["sub"] = "u-3", ["preferred_username"] = "mallory", ["groups"] = new JsonArray("contractors") });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("no Studio role", await refused.Content.ReadAsStringAsync());

        var (_, ada) = await SignInAsync(new JsonObject { ["sub"] = "u-1", ["preferred_username"] = "ada", ["groups"] = new JsonArray("marketing") });
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/studio/audit")).StatusCode);

        // The admin disables the SSO user on the users page: the session ends at once, the next SSO sign-in is refused.
        var admin = _host.Client();
        await _host.SignInAsync(admin);
        var users = await admin.GetStringAsync("/studio/users");
        Assert.Contains("sso:ada", users);
        var token = FormToken().Match(users);
        var disable = await admin.PostAsync("/studio/users", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["action"] = "disable", ["name"] = "sso:ada", [WebUtility.HtmlDecode(token.Groups[1].Value)] = WebUtility.HtmlDecode(token.Groups[2].Value) }));
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ada.GetAsync("/studio/audit")).StatusCode); // back to sign-in
        var (again, _) = await SignInAsync(new JsonObject { ["sub"] = "u-1", ["preferred_username"] = "ada", ["groups"] = new JsonArray("marketing") });
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);

        var audit = await admin.GetStringAsync("/studio/audit");
        Assert.Contains("sso:mallory", audit);
        Assert.Equal(2, Regex.Matches(audit, "user.sso-refused").Count);

        // A password sign-in as the SSO user is impossible (it has none).
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.SignInAsync(_host.Client(), "sso:ada", "anything-at-all-1")).StatusCode);
    }

    [Fact]
    public async Task An_id_token_signed_by_a_key_the_provider_does_not_publish_is_refused()
    {
        _provider.SignWithUnpublishedKey = true;
        var (callback, eve) = await SignInAsync(new JsonObject { ["sub"] = "u-9", ["preferred_username"] = "eve", ["groups"] = new JsonArray("pp-admins") });
        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await eve.GetAsync("/studio/users")).StatusCode); // not signed in
        Assert.DoesNotContain("sso:eve", await (await AdminAsync()).GetStringAsync("/studio/users"));
    }

    private async Task<HttpClient> AdminAsync()
    {
        var admin = _host.Client();
        await _host.SignInAsync(admin);
        return admin;
    }

    [Theory]
    [InlineData("Auth:Oidc:Authority", "not a url", "Auth__Oidc__Authority")]
    [InlineData("Auth:Oidc:Authority", "http://login.example.com", "must be https")]
    [InlineData("Auth:Oidc:ClientId", "", "Auth__Oidc__ClientId")]
    [InlineData("Auth:Oidc:RoleMap", "staff=owner", "Auth__Oidc__RoleMap")]
    [InlineData("Auth:Oidc:RoleMap", "no-equals-sign", "Auth__Oidc__RoleMap")]
    public void Bad_settings_name_the_setting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Auth:Oidc:Authority"] = "https://login.example.com", ["Auth:Oidc:ClientId"] = "studio", [key] = value };
        var error = Assert.Throws<InvalidOperationException>(() => OidcSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Sso_is_off_unless_configured_and_a_client_id_alone_is_an_error()
    {
        Assert.Null(OidcSettings.Read(new ConfigurationBuilder().Build()));
        var half = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:Oidc:ClientId"] = "studio" }).Build();
        Assert.Contains("Auth__Oidc__Authority", Assert.Throws<InvalidOperationException>(() => OidcSettings.Read(half)).Message);

        var settings = OidcSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            { ["Auth:Oidc:Authority"] = "https://login.example.com/realms/shop", ["Auth:Oidc:ClientId"] = "studio", ["Auth:Oidc:RoleMap"] = "Shop Admins=admin" }).Build())!;
        Assert.Equal("roles", settings.RoleClaim);
        Assert.Equal("admin", settings.RoleFor(["viewer", "Shop Admins"]));
        Assert.Equal("viewer", settings.RoleFor(["Viewer", "unknown"]));
        Assert.Null(settings.RoleFor(["unknown"]));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex FormToken();
}
