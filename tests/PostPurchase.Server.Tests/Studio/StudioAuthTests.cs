using System.Net;
using System.Net.Http.Headers;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.Studio;

public sealed class StudioAuthTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("ApiKey wrong-key")]
    [InlineData("Bearer not.a-token")]
    [InlineData("Bearer studio-test-key")]
    public async Task The_elsa_api_refuses_requests_without_valid_credentials(string? authorization)
    {
        await using var host = new StudioTestHost();
        var client = host.Client();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.GetAsync("/elsa/api/descriptors/activities?Refresh=True");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Studio_pages_redirect_anonymous_users_to_sign_in_and_wrong_passwords_fail()
    {
        await using var host = new StudioTestHost();
        var client = host.Client();

        var page = await client.GetAsync("/studio/definitions/greeting");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/studio/login", page.Headers.Location!.PathAndQuery);

        var wrong = await host.SignInAsync(client, password: "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Wrong user name or password", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/studio/")).StatusCode);
    }

    [Fact]
    public async Task After_sign_in_the_page_carries_a_bearer_token_the_api_accepts()
    {
        await using var host = new StudioTestHost();
        var client = host.Client();
        var signIn = await host.SignInAsync(client, returnUrl: "/studio/definitions/greeting");
        Assert.Equal("/studio/definitions/greeting", signIn.Headers.Location!.OriginalString);

        var html = await client.GetStringAsync("/studio/definitions/greeting");
        var token = StudioTestHost.AccessToken().Match(html).Groups[1].Value;
        Assert.NotEmpty(token);

        var api = host.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/elsa/api/descriptors/activities")).StatusCode);
        var tampered = host.Client();
        tampered.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^2] + (token[^2] == 'A' ? "BB" : "AA"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await tampered.GetAsync("/elsa/api/descriptors/activities")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_never_redirects_off_site()
    {
        await using var host = new StudioTestHost();
        var response = await host.SignInAsync(host.Client(), returnUrl: "//evil.example/studio");
        Assert.Equal("/studio/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Without_a_configured_password_one_is_generated_logged_once_and_only_its_hash_stored()
    {
        var data = Directory.CreateTempSubdirectory("pp-studio-gen-").FullName;
        string password;
        await using (var first = new StudioTestHost(configurePassword: false, dataDirectory: data))
        {
            var line = Assert.Single(first.Logs, l => l.Contains("generated password"));
            password = line.Split("'admin': ")[1].Split(' ')[0];
            Assert.True(password.Length >= 20);
            var stored = await File.ReadAllTextAsync(Path.Combine(data, "studio-admin.json"));
            Assert.DoesNotContain(password, stored);
            Assert.Equal(HttpStatusCode.Redirect, (await first.SignInAsync(first.Client(), password: password)).StatusCode);
        }

        await using var second = new StudioTestHost(configurePassword: false, dataDirectory: data);
        Assert.DoesNotContain(second.Logs, l => l.Contains("generated password"));
        Assert.Equal(HttpStatusCode.Redirect, (await second.SignInAsync(second.Client(), password: password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.SignInAsync(second.Client(), password: password + "x")).StatusCode);
    }

    [Fact]
    public async Task Webhook_and_health_paths_are_not_behind_studio_auth()
    {
        await using var host = new StudioTestHost();
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/health")).StatusCode);
    }
}
