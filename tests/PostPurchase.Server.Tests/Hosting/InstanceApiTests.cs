using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Tests.Hosting;

public sealed class InstanceApiTests : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        var data = Directory.CreateTempSubdirectory("pp-api-").FullName;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Data:Directory", data);
            b.UseSetting("Workflows:Directory", Directory.CreateTempSubdirectory("pp-none-").FullName);
            b.UseSetting("Worker:Enabled", "false");
            b.UseSetting("Auth:ApiKeys", "key-one, key-two");
        });
        _factory.CreateClient();
        var definitions = _factory.Services.GetRequiredService<WorkflowDefinitionService>();
        await definitions.ImportAsync(Definition("waits", """{"id":"w","type":"Elsa.Delay","version":1,"timeSpan":{"typeName":"TimeSpan","expression":{"type":"Literal","value":"1.00:00:00"}}}"""), "test");
        await definitions.ImportAsync(Definition("breaks", """{"id":"say","type":"Elsa.WriteLine","version":1,"text":{"typeName":"String","expression":{"type":"JavaScript","value":"missing.value"}}}"""), "test");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("ApiKey wrong")]
    [InlineData("Bearer key-one")]
    public async Task Requests_without_a_valid_api_key_are_refused_and_change_nothing(string? authorization)
    {
        var instance = await StartAsync("waits");
        var client = _factory.CreateClient();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.PostAsync($"/api/instances/{instance.Id}/cancel", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(WorkflowSubStatus.Suspended, (await FindAsync(instance.Id)).SubStatus);
    }

    [Fact]
    public async Task Cancel_through_the_api_cancels_a_waiting_instance()
    {
        var instance = await StartAsync("waits");

        var response = await Client("key-two").PostAsync($"/api/instances/{instance.Id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Cancelled", JsonNode.Parse(await response.Content.ReadAsStringAsync())?["subStatus"]?.GetValue<string>());
        Assert.Empty((await FindAsync(instance.Id)).State.Bookmarks);
    }

    [Fact]
    public async Task Retry_through_the_api_reruns_the_failed_activity_of_a_faulted_instance_only()
    {
        var faulted = await StartAsync("breaks");
        var waiting = await StartAsync("waits");
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);

        var retried = await Client("key-one").PostAsync($"/api/instances/{faulted.Id}/retry", null);
        var notFaulted = await Client("key-one").PostAsync($"/api/instances/{waiting.Id}/retry", null);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notFaulted.StatusCode);
        var journal = await _factory.Services.GetRequiredService<IWorkflowInstanceStore>().GetJournalAsync(faulted.Id, 0, 100);
        Assert.Equal(2, journal.Items.Count(j => j.ActivityId == "say" && j.EventName == "Faulted"));
    }

    private HttpClient Client(string key)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    private Task<WorkflowInstance> StartAsync(string definitionId) =>
        _factory.Services.GetRequiredService<WorkflowRuntime>().StartAsync(new StartWorkflowRequest { DefinitionId = definitionId });

    private async Task<WorkflowInstance> FindAsync(string id) => (await _factory.Services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(id))!;

    private static JsonObject Definition(string id, string activity)
    {
        var root = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "F1", ["activities"] = new JsonArray(JsonNode.Parse(activity)), ["connections"] = new JsonArray() };
        return new JsonObject { ["definitionId"] = id, ["version"] = 1, ["name"] = id, ["root"] = root };
    }
}
