using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.Stores;
using static PostPurchase.Server.Tests.Infrastructure.JourneyTestHost;

namespace PostPurchase.Server.Tests.Journey;

/// <summary>
/// The samples: <c>samples/review-request-flow.json</c> is usable as an activity and <c>samples/review-journey.json</c>
/// uses it as <c>ReviewRequestFlow</c>. Imported through the API, listed in the palette, run from a real purchase.
/// </summary>
public sealed class ReviewSubJourneyTests : IAsyncLifetime
{
    private JourneyTestHost _host = null!;

    public async Task InitializeAsync() => _host = await JourneyTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task ImportAsync(string sample)
    {
        var request = _host.ApiRequest(HttpMethod.Post, "/elsa/api/workflow-definitions/import");
        request.Content = new StringContent(await File.ReadAllTextAsync(Path.Combine(HeadlessChromium.RepositoryRoot(), "samples", sample)), Encoding.UTF8, "application/json");
        var response = await _host.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_review_sub_journey_is_an_activity_in_the_palette_and_a_journey_using_it_continues_on_its_outcome()
    {
        await ImportAsync("review-request-flow.json");
        await ImportAsync("review-journey.json");

        var palette = JsonNode.Parse(await (await _host.Client.SendAsync(_host.ApiRequest(HttpMethod.Get, "/elsa/api/descriptors/activities"))).Content.ReadAsStringAsync())!;
        var descriptor = palette["items"]!.AsArray().Single(d => (string?)d!["typeName"] == "ReviewRequestFlow")!;
        Assert.Equal("Journeys", (string?)descriptor["category"]);
        Assert.Equal(["Happy", "Unhappy", "NoAnswer"], descriptor["ports"]!.AsArray().Where(p => (string?)p!["type"] == "Flow").Select(p => (string?)p!["name"]));
        Assert.Equal("purchase", (string?)descriptor["inputs"]![0]!["name"]);
        Assert.Equal("Rating", (string?)descriptor["outputs"]![0]!["name"]);

        await _host.SendAsync(Purchase("ORD-9", "ada@example.com", "+15005550019"));
        await _host.AdvanceToDayAsync(7);
        await _host.AdvanceToDayAsync(8); // the shipped journey's day-7 message used today's marketing allowance: ours is deferred
        var ask = _host.MailsTo("ada@example.com").Single(m => Subject(m) == "How is Photography Masterclass (online course) working for you?");
        var link = Regex.Match(Text(ask), BaseUrl + @"/review/[\w.-]+").Value;
        var answered = await _host.Client.PostAsync(new Uri(link).AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = "2", ["comment"] = "Too fast" }));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await _host.DrainAsync();

        Assert.Contains(_host.MailsTo("support@shop.test"), m => Subject(m) == "Unhappy customer: 2/5 on order ORD-9");
        var store = _host.Services.GetRequiredService<IWorkflowInstanceStore>();
        var journey = Assert.Single((await store.ListAsync(new InstanceQuery { DefinitionIds = ["review-journey"] })).Items);
        Assert.Equal(WorkflowSubStatus.Finished, journey.SubStatus);
        Assert.Equal(2, journey.State.Outputs["reviewFlow"]["Rating"]!.GetValue<int>());
        var journal = (await store.GetJournalAsync(journey.Id, 0, 1000)).Items;
        Assert.Contains(journal, j => j.ActivityId == "reviewFlow" && j.EventName == "Completed" && j.Message == "Unhappy");
        Assert.Contains(journal, j => j.ActivityId == "unhappyNote" && j.Message == "Unhappy customer on ORD-9: 2 stars");
        var child = Assert.Single((await store.ListAsync(new InstanceQuery { DefinitionIds = ["review-request-flow"] })).Items);
        Assert.Equal("ORD-9", child.CorrelationId);
        Assert.Equal(["Unhappy"], child.State.Outcomes);
    }

    [Fact]
    public async Task The_simulator_runs_the_sub_journey_a_journey_uses_and_stores_nothing()
    {
        await ImportAsync("review-request-flow.json");
        await ImportAsync("review-journey.json");
        var instances = _host.Services.GetRequiredService<IWorkflowInstanceStore>();
        var definitions = _host.Services.GetRequiredService<IWorkflowDefinitionStore>();
        var instancesBefore = (await instances.ListAsync(new InstanceQuery())).TotalCount;
        var versionsBefore = (await definitions.ListAsync(new DefinitionQuery())).Count;

        var request = _host.ApiRequest(HttpMethod.Post, "/api/simulations");
        request.Content = JsonContent.Create(new JsonObject { ["definitionId"] = "review-journey", ["days"] = 30, ["payload"] = Purchase("SIM-9", "sim@example.com", "+15005550029") });
        var response = await _host.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var steps = report["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();

        Assert.Equal("Finished", (string?)report["status"]);
        Assert.DoesNotContain(steps, s => (string?)s["event"] == "Faulted");
        var ask = Assert.Single(steps, s => (string?)s["kind"] == "message" && (string?)s["subject"] == "How is Photography Masterclass (online course) working for you?");
        Assert.Equal(7, (double)ask["day"]!);
        Assert.Equal("Sent", (string?)ask["status"]);
        Assert.Contains(steps, s => (string?)s["activityId"] == "review" && (string?)s["outcome"] == "NoResponse");
        Assert.Contains(steps, s => (string?)s["activityId"] == "reviewFlow" && (string?)s["outcome"] == "NoAnswer");
        Assert.Contains(steps, s => (string?)s["activityId"] == "noAnswerNote");

        Assert.Equal(instancesBefore, (await instances.ListAsync(new InstanceQuery())).TotalCount);
        Assert.Equal(versionsBefore, (await definitions.ListAsync(new DefinitionQuery())).Count);
        Assert.Empty(_host.Smtp.Received);
    }
}
