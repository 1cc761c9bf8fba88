using System.Net;
using System.Text.Json.Nodes;
using PostPurchase.Server.Tests.ElsaApi;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.Reports;

/// <summary>The report API and pages on the real server, with facts and orders in its own stores.</summary>
public sealed class ReportEndpointTests : IAsyncLifetime
{
    private readonly StudioTestHost _host = new();
    private const string ReportUrl = $"/api/reports/journeys/{ReportScenario.DefinitionId}?from={ReportScenario.From}&to={ReportScenario.To}";

    public async Task InitializeAsync() => await ReportScenario.RecordAsync(_host.Services);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_api_needs_a_key_or_token()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client().GetAsync(ReportUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.ApiClient("wrong-key").GetAsync(ReportUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.ApiClient().GetAsync(ReportUrl)).StatusCode);

        var token = await _host.StudioTokenAsync();
        var withToken = _host.Client();
        withToken.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync(ReportUrl)).StatusCode);
    }

    [Theory]
    [InlineData("from=2026-02-30", "from")]
    [InlineData("to=next-week", "to")]
    [InlineData("from=2026-03-08&to=2026-03-07", "from")]
    public async Task A_bad_period_is_a_400_that_names_the_parameter(string query, string field)
    {
        var json = await Json.ReadAsync(await _host.ApiClient().GetAsync($"/api/reports/journeys/{ReportScenario.DefinitionId}?{query}"), HttpStatusCode.BadRequest);

        var message = json["errors"]![field]![0]!.GetValue<string>();
        Assert.Contains($"'{field}'", message);
    }

    [Fact]
    public async Task An_unknown_definition_is_a_404()
    {
        var json = await Json.ReadAsync(await _host.ApiClient().GetAsync("/api/reports/journeys/no-such-journey"), HttpStatusCode.NotFound);

        Assert.Contains("no-such-journey", json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_json_has_the_hand_computed_figures()
    {
        var json = await Json.ReadAsync(await _host.ApiClient().GetAsync(ReportUrl));

        Assert.Equal("Thank-you journey", json["name"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2026-03-01T00:00:00Z"), json["from"]!.GetValue<DateTimeOffset>());
        Assert.Equal(DateTimeOffset.Parse("2026-03-08T00:00:00Z"), json["to"]!.GetValue<DateTimeOffset>());
        Assert.Equal(3, json["journeysStarted"]!.GetValue<int>());
        Assert.Equal(["2026-03-01:0", "2026-03-02:2", "2026-03-03:1", "2026-03-04:0", "2026-03-05:0", "2026-03-06:0", "2026-03-07:0"],
            json["startsPerDay"]!.AsArray().Select(d => $"{d!["date"]}:{d["count"]}"));

        var steps = json["steps"]!.AsArray();
        Assert.Equal(["split", "offer", "reminder"], steps.Select(s => s!["activityId"]!.GetValue<string>()));
        var offer = steps[1]!;
        Assert.Equal("Offer email", offer["name"]!.GetValue<string>());
        Assert.Equal((3, 2, 2, 1, 1, 1, 1), (Int(offer, "entered"), Int(offer, "sent"), Int(offer, "delivered"), Int(offer, "opened"), Int(offer, "clicked"), Int(offer, "botClicks"), Int(offer, "conversions")));
        Assert.Equal(1, offer["suppressed"]!["unsubscribed"]!.GetValue<int>());
        Assert.Equal(123450, offer["revenue"]!["EUR"]!.GetValue<long>());
        Assert.Equal((1, 1, 120), (Int(offer, "aiGenerated"), Int(offer, "aiFallback"), Int(offer, "aiTokens")));
        var reminder = steps[2]!;
        Assert.Equal((1, 1, 2), (Int(reminder, "entered"), Int(reminder, "sent"), Int(reminder, "smsSegments")));
        Assert.Equal(1, reminder["deferred"]!["quiet hours"]!.GetValue<int>());

        var split = json["splits"]!.AsArray().Single()!;
        Assert.Equal(["ai:2:1:1", "static:1:0:0"], split["branches"]!.AsArray().Select(b => $"{b!["branch"]}:{b["journeys"]}:{b["clicked"]}:{b["converted"]}"));
        Assert.All(split["comparisons"]!.AsArray(), c => Assert.False(c!["significant"]!.GetValue<bool>()));
        Assert.Equal("7.00:00:00", json["windows"]!["afterClick"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_pages_need_the_studio_sign_in_and_show_the_report()
    {
        var client = _host.Client();
        var redirect = await client.GetAsync($"/reports/{ReportScenario.DefinitionId}?from={ReportScenario.From}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"/studio/reports/{ReportScenario.DefinitionId}?from={ReportScenario.From}", redirect.Headers.Location!.OriginalString);

        var anonymous = await client.GetAsync("/studio/reports");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/studio/login", anonymous.Headers.Location!.PathAndQuery(_host.BaseAddress));

        await _host.SignInAsync(client);
        var list = await client.GetStringAsync("/studio/reports");
        Assert.Contains($"href=\"/studio/reports/{ReportScenario.DefinitionId}\">Thank-you journey</a>", list);

        var page = await client.GetAsync($"/studio/reports/{ReportScenario.DefinitionId}?from={ReportScenario.From}&to={ReportScenario.To}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("Attributed revenue<strong>EUR 1,234.50</strong>", html);
        Assert.DoesNotContain("<script", html);

        var bad = await client.GetAsync($"/studio/reports/{ReportScenario.DefinitionId}?to=soon");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("&#39;to&#39; must be a date", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/studio/reports/no-such-journey")).StatusCode);
    }

    private static int Int(JsonNode node, string name) => node[name]!.GetValue<int>();
}

internal static class UriExtensions
{
    public static string PathAndQuery(this Uri location, Uri baseAddress) => (location.IsAbsoluteUri ? location : new Uri(baseAddress, location)).PathAndQuery;
}
