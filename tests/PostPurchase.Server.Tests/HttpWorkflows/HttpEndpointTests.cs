using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.HttpWorkflows;

/// <summary>Elsa.HttpEndpoint and Elsa.WriteHttpResponse in Elsa's export shape, called through the server.</summary>
public sealed class HttpEndpointTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new StudioTestHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private const string Definition = """
        {"definitionId":"order-api","version":1,"name":"Order API","isPublished":true,"root":{"type":"Elsa.Flowchart","id":"Flowchart1","version":1,"activities":[
          {"id":"HttpEndpoint1","type":"Elsa.HttpEndpoint","version":1,"customProperties":{"canStartWorkflow":true},
           "path":{"typeName":"String","expression":{"type":"Literal","value":"orders/{id}/notes"}},
           "supportedMethods":{"typeName":"String[]","expression":{"type":"Object","value":"[\"POST\"]"}},
           "authorize":{"typeName":"Boolean","expression":{"type":"Literal","value":false}}},
          {"id":"WriteHttpResponse1","type":"Elsa.WriteHttpResponse","version":1,
           "statusCode":{"typeName":"System.Net.HttpStatusCode, System.Net.Primitives","expression":{"type":"Literal","value":"Created"}},
           "content":{"typeName":"Object","expression":{"type":"JavaScript","value":"return { order: Activities.HttpEndpoint1.RouteData.id, note: Activities.HttpEndpoint1.ParsedContent.text };"}},
           "responseHeaders":{"typeName":"Elsa.Http.Models.HttpHeaders, Elsa.Http","expression":{"type":"Literal","value":"{\"Cache-Control\":\"no-store\"}"}}}],
         "connections":[{"source":{"activity":"HttpEndpoint1","port":"Done"},"target":{"activity":"WriteHttpResponse1","port":"In"}}]}}
        """;

    [Fact]
    public async Task A_request_with_an_api_key_starts_the_workflow_and_gets_its_response_and_without_one_is_refused()
    {
        var api = _host.ApiClient();
        var imported = await api.PostAsync("/elsa/api/workflow-definitions/import", new StringContent(Definition, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        var response = await api.PostAsync("/workflows/orders/A-17/notes", new StringContent("""{"text":"leave at the door"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("A-17", (string?)body["order"]);
        Assert.Equal("leave at the door", (string?)body["note"]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client().PostAsync("/workflows/orders/A-17/notes", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/workflows/orders/A-17/notes")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/workflows/nothing-here", null)).StatusCode);
    }
}
