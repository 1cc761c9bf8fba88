using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Commerce.Verification;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Tests.HttpWorkflows;

/// <summary>Elsa.HttpEndpoint authorised by a per-endpoint secret (Standard Webhooks signature) or, where allowed, anonymously.</summary>
public sealed class HttpEndpointSecretTests
{
    private const string ShopSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string OtherSecret = "whsec_c2Vjb25kLXNlY3JldC1mb3ItdGVzdHMtb25seQ==";

    /// <summary>Elsa's export of an endpoint, with our <c>secretName</c> input when given, answering 201 with the order id.</summary>
    private static string Endpoint(string definitionId, string path, string? secretName, bool authorize) => """
        {"definitionId":"DEFINITION","version":1,"name":"DEFINITION","isPublished":true,"root":{"type":"Elsa.Flowchart","id":"Flowchart1","version":1,"activities":[
          {"id":"HttpEndpoint1","type":"Elsa.HttpEndpoint","version":1,"customProperties":{"canStartWorkflow":true},
           "path":{"typeName":"String","expression":{"type":"Literal","value":"PATH"}},
           "supportedMethods":{"typeName":"String[]","expression":{"type":"Object","value":"[\"POST\"]"}},
           "authorize":{"typeName":"Boolean","expression":{"type":"Literal","value":AUTHORIZE}}SECRET},
          {"id":"WriteHttpResponse1","type":"Elsa.WriteHttpResponse","version":1,
           "statusCode":{"typeName":"System.Net.HttpStatusCode, System.Net.Primitives","expression":{"type":"Literal","value":"Created"}},
           "content":{"typeName":"Object","expression":{"type":"JavaScript","value":"return { order: Activities.HttpEndpoint1.ParsedContent.order };"}}}],
         "connections":[{"source":{"activity":"HttpEndpoint1","port":"Done"},"target":{"activity":"WriteHttpResponse1","port":"In"}}]}}
        """.Replace("DEFINITION", definitionId).Replace("PATH", path).Replace("AUTHORIZE", authorize ? "true" : "false")
        .Replace("SECRET", secretName is null ? "" : $",\"secretName\":{{\"typeName\":\"String\",\"expression\":{{\"type\":\"Literal\",\"value\":\"{secretName}\"}}}}");

    private static HttpRequestMessage Signed(string path, string body, string secret, string? webhookId = null, string? sendBody = null)
    {
        var id = webhookId ?? "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(sendBody ?? body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString());
        request.Headers.Add("webhook-signature", StandardWebhookVerifier.SignatureHeader(secret, id, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private static async Task ImportAsync(StudioTestHost host, string definition)
    {
        var imported = await host.ApiClient().PostAsync("/elsa/api/workflow-definitions/import", new StringContent(definition, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    private static async Task<IReadOnlyList<WorkflowInstance>> InstancesAsync(StudioTestHost host, string definitionId) =>
        (await host.Services.GetRequiredService<IWorkflowInstanceStore>().ListAsync(new InstanceQuery { DefinitionIds = [definitionId] })).Items;

    [Fact]
    public async Task A_request_signed_with_the_endpoints_secret_runs_it_without_an_api_key_and_nothing_else_does()
    {
        await using var host = new StudioTestHost(settings: new Dictionary<string, string?>
        {
            ["HttpWorkflows:Secrets:shop"] = ShopSecret, ["HttpWorkflows:Secrets:other"] = OtherSecret,
        });
        await ImportAsync(host, Endpoint("shop-orders", "shop/orders", "shop", authorize: true));
        var anonymous = host.Client();
        const string body = """{"order":"A-17"}""";

        var signed = await anonymous.SendAsync(Signed("/workflows/shop/orders", body, ShopSecret, "msg_first"));
        Assert.Equal(HttpStatusCode.Created, signed.StatusCode);
        Assert.Equal("A-17", (string?)JsonNode.Parse(await signed.Content.ReadAsStringAsync())!["order"]);
        var instance = Assert.Single(await InstancesAsync(host, "shop-orders"));
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["shop"], instance.State.Input["request"]!["authorization"]!["secrets"]!.AsArray().Select(s => (string?)s));
        Assert.DoesNotContain(ShopSecret, instance.State.Input.ToJsonString());
        var journal = (await host.Services.GetRequiredService<IWorkflowInstanceStore>().GetJournalAsync(instance.Id, 0, 100)).Items;
        Assert.Contains(journal, j => j.ActivityId == "WriteHttpResponse1" && j.EventName == "Completed");

        // The same signed request again (same webhook-id) starts nothing new and gets the same answer.
        var replay = await anonymous.SendAsync(Signed("/workflows/shop/orders", body, ShopSecret, "msg_first"));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Single(await InstancesAsync(host, "shop-orders"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/workflows/shop/orders", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(Signed("/workflows/shop/orders", body, ShopSecret, sendBody: """{"order":"B-99"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.SendAsync(Signed("/workflows/shop/orders", body, OtherSecret))).StatusCode);
        Assert.Single(await InstancesAsync(host, "shop-orders"));

        // API keys still work for it.
        Assert.Equal(HttpStatusCode.Created, (await host.ApiClient().PostAsync("/workflows/shop/orders", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(2, (await InstancesAsync(host, "shop-orders")).Count);
        var stored = await host.ApiClient().GetStringAsync("/elsa/api/workflow-definitions/by-definition-id/shop-orders?versionOptions=Published");
        Assert.Contains("\"shop\"", stored);
        Assert.DoesNotContain(ShopSecret, stored);
    }

    [Fact]
    public async Task Anonymous_requests_reach_only_endpoints_that_ask_for_nothing_and_only_when_the_server_allows_it()
    {
        await using (var closed = new StudioTestHost())
        {
            await ImportAsync(closed, Endpoint("open-form", "form", null, authorize: false));
            Assert.Equal(HttpStatusCode.Unauthorized, (await closed.Client().PostAsync("/workflows/form", new StringContent("""{"order":"1"}""", Encoding.UTF8, "application/json"))).StatusCode);
        }

        await using var open = new StudioTestHost(settings: new Dictionary<string, string?> { ["HttpWorkflows:AllowAnonymous"] = "true" });
        await ImportAsync(open, Endpoint("open-form", "form", null, authorize: false));
        await ImportAsync(open, Endpoint("guarded", "guarded", null, authorize: true));
        var anonymous = open.Client();
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync("/workflows/form", new StringContent("""{"order":"1"}""", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/workflows/guarded", new StringContent("""{"order":"2"}""", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await open.ApiClient().PostAsync("/workflows/guarded", new StringContent("""{"order":"3"}""", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Single(await InstancesAsync(open, "open-form"));
        Assert.Single(await InstancesAsync(open, "guarded"));
    }

    /// <summary>Elsa's export: a POST to orders starts it and answers 201; it then waits at orders/{orderId}/confirm (not a trigger).</summary>
    private const string TwoStep = """
        {"definitionId":"two-step","version":1,"name":"Two step","isPublished":true,"root":{"type":"Elsa.Flowchart","id":"Flowchart1","version":1,"activities":[
          {"id":"start","type":"Elsa.HttpEndpoint","version":1,"customProperties":{"canStartWorkflow":true},
           "path":{"typeName":"String","expression":{"type":"Literal","value":"orders"}},
           "supportedMethods":{"typeName":"String[]","expression":{"type":"Object","value":"[\"POST\"]"}}},
          {"id":"respond","type":"Elsa.WriteHttpResponse","version":1,"customProperties":{"canStartWorkflow":false},
           "statusCode":{"typeName":"System.Net.HttpStatusCode, System.Net.Primitives","expression":{"type":"Literal","value":"Created"}}},
          {"id":"confirm","type":"Elsa.HttpEndpoint","version":1,"customProperties":{"canStartWorkflow":false},
           "path":{"typeName":"String","expression":{"type":"Literal","value":"orders/{orderId}/confirm"}},
           "supportedMethods":{"typeName":"String[]","expression":{"type":"Object","value":"[\"POST\"]"}}},
          {"id":"done","type":"Elsa.SetOutput","version":1,"customProperties":{"canStartWorkflow":false},
           "outputName":{"typeName":"String","expression":{"type":"Literal","value":"confirmed"}},
           "outputValue":{"typeName":"Object","expression":{"type":"JavaScript","value":"Activities.confirm.RouteData.orderId + ' ' + Activities.confirm.ParsedContent.note"}}}],
         "connections":[{"source":{"activity":"start","port":"Done"},"target":{"activity":"respond","port":"In"}},
                        {"source":{"activity":"respond","port":"Done"},"target":{"activity":"confirm","port":"In"}},
                        {"source":{"activity":"confirm","port":"Done"},"target":{"activity":"done","port":"In"}}]}}
        """;

    [Fact]
    public async Task An_endpoint_waiting_mid_workflow_with_a_placeholder_is_resumed_by_a_request_matching_it()
    {
        await using var host = new StudioTestHost();
        await ImportAsync(host, TwoStep);
        var api = host.ApiClient();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/workflows/orders", new StringContent("""{"order":"A-17"}""", Encoding.UTF8, "application/json"))).StatusCode);
        var waiting = Assert.Single(await InstancesAsync(host, "two-step"));
        Assert.Equal(WorkflowSubStatus.Suspended, waiting.SubStatus);

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client().PostAsync("/workflows/orders/A-17/confirm", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        var confirmed = await api.PostAsync("/workflows/orders/A-17/confirm", new StringContent("""{"note":"ok"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);

        var finished = Assert.Single(await InstancesAsync(host, "two-step"));
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        Assert.Equal("A-17 ok", (string?)finished.State.Output["confirmed"]);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/workflows/orders/A-17/confirm", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public void A_malformed_secret_stops_start_up_naming_the_setting()
    {
        var error = Assert.ThrowsAny<Exception>(() => new StudioTestHost(settings: new Dictionary<string, string?> { ["HttpWorkflows:Secrets:shop"] = "hunter2" }));
        Assert.Contains("HttpWorkflows__Secrets__shop", error.ToString());
    }
}
