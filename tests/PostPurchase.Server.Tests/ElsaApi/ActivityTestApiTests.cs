using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Storage;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Tests.ElsaApi;

/// <summary>
/// <c>POST /elsa/api/tests/activities</c> (the Studio's Test tab) on the shipped journey: a step runs alone as a
/// simulation on the journey's most recent purchase, masked; nothing is sent or stored.
/// </summary>
public sealed class ActivityTestApiTests : IAsyncLifetime
{
    private const string ViewerKey = "viewer-test-key";
    private const string Email = "grace.hopper@customer.test";
    private const string Phone = "+442079460047";
    private JourneyTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await JourneyTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys"] = $"{JourneyTestHost.ApiKey},{ViewerKey}:viewer", ["Store:LogoUrl"] = "https://shop.test/logo.png",
        });
        await _host.SendAsync(JourneyTestHost.Purchase("T-100", Email, Phone));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_send_email_step_shows_the_rendered_subject_and_masked_recipient_and_sends_and_stores_nothing()
    {
        var mails = _host.Smtp.Received.Count;
        var instances = await InstanceCountAsync();
        var records = await SendRecordCountAsync();
        var (versionId, nodeIds) = await LatestAsync();

        var response = await TestAsync(versionId, nodeIds["confirmation"]);
        var text = response.ToJsonString();

        Assert.Equal("Completed", (string?)response["status"]);
        Assert.Equal(["Sent"], response["payload"]!["Outcomes"]!.AsArray().Select(o => (string)o!));
        var message = response["message"]!;
        Assert.Equal(("email", "transactional", "Sent"), ((string?)message["channel"], (string?)message["category"], (string?)message["status"]));
        Assert.Equal("Your order T-100 is confirmed", (string?)message["subject"]);
        Assert.Equal("g***@customer.test", (string?)message["to"]);
        Assert.Contains("simulated", (string?)message["rule"]);
        Assert.Contains("https://shop.test/logo.png", (string?)message["html"]);
        Assert.Contains("1 Test Street", (string?)message["html"]);
        Assert.Contains("Photography Masterclass", (string?)message["text"]);
        Assert.Equal("Your order T-100 is confirmed", (string?)response["activityState"]!["Subject"]);
        Assert.Contains("most recent purchase", (string?)response["sample"]!["source"]);

        // Masked on the server: neither the address, the phone number nor the family name leaves it.
        Assert.DoesNotContain(Email, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Hopper", text);
        Assert.DoesNotContain("2079460047", text);

        Assert.Equal(mails, _host.Smtp.Received.Count);
        Assert.Equal(instances, await InstanceCountAsync());
        Assert.Equal(records, await SendRecordCountAsync());
    }

    [Fact]
    public async Task An_sms_step_names_the_channel_the_masked_number_and_the_rule_that_acted()
    {
        var (versionId, nodeIds) = await LatestAsync();
        var texts = _host.Twilio.Requests.Count;

        var response = await TestAsync(versionId, nodeIds["offerReminder"]);

        var message = response["message"]!;
        Assert.Equal("sms", (string?)message["channel"]);
        Assert.EndsWith("47", (string?)message["to"]);
        Assert.DoesNotContain("2079460047", (string?)message["to"]);
        Assert.Contains(Enum.GetNames<GatewayStatus>(), s => s == (string?)message["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)message["rule"]));
        Assert.Equal(texts, _host.Twilio.Requests.Count);
    }

    [Fact]
    public async Task A_decision_reports_its_outcome_and_waiting_steps_say_what_they_wait_for()
    {
        var (versionId, nodeIds) = await LatestAsync();

        var decision = await TestAsync(versionId, nodeIds["isRepeatBuyer"]);
        Assert.Equal("Completed", (string?)decision["status"]);
        Assert.Equal(["False"], decision["payload"]!["Outcomes"]!.AsArray().Select(o => (string)o!)); // a first purchase

        var delay = await TestAsync(versionId, nodeIds["waitTwoDays"]);
        Assert.Equal("Running", (string?)delay["status"]);
        Assert.Equal("Timer", (string?)delay["waitsFor"]!["kind"]);
        Assert.Equal(JourneyTestHost.Day0.AddDays(2), DateTimeOffset.Parse((string)delay["waitsFor"]!["until"]!));
        Assert.Contains("2 days", (string?)delay["activityState"]!["Waits for"]);

        var click = await TestAsync(versionId, nodeIds["waitOfferClick"]);
        Assert.Equal("Running", (string?)click["status"]);
        Assert.Equal("clicked:offeremail", ((string?)click["waitsFor"]!["eventName"])?.ToLowerInvariant());
        Assert.Contains("1 day", (string?)click["waitsFor"]!["description"]);
    }

    [Fact]
    public async Task An_input_expression_that_fails_is_a_readable_fault_not_a_500_and_viewers_are_refused()
    {
        await _host.Services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(JsonNode.Parse("""
            {
              "definitionId": "broken-subject", "version": 1, "name": "Broken subject",
              "root": { "type": "Elsa.Flowchart", "id": "Flowchart1", "activities": [
                { "id": "mail", "type": "PostPurchase.SendEmail", "version": 1,
                  "subject": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return purchase.customer.nothingHere.deeper;" } },
                  "body": { "typeName": "String", "expression": { "type": "Liquid", "value": "Hello" } } } ],
                "connections": [] }
            }
            """)!.AsObject(), "test");

        var response = await _host.Client.SendAsync(Post(new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionId"] = "broken-subject", ["versionOptions"] = "Published" },
            ["activityHandle"] = new JsonObject { ["activityId"] = "mail" },
        }));
        var result = await Json.ReadAsync(response);
        Assert.Equal("Faulted", (string?)result["status"]);
        var error = (string?)result["exception"]!["message"];
        Assert.Contains("mail", error);
        Assert.Contains("deeper", error);
        Assert.Null(result["message"]);

        var missing = await _host.Client.SendAsync(Post(new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionId"] = "broken-subject" },
            ["activityHandle"] = new JsonObject { ["activityId"] = "nope" },
        }));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var viewer = Post(new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionId"] = "broken-subject" },
            ["activityHandle"] = new JsonObject { ["activityId"] = "mail" },
        });
        viewer.Headers.Remove("Authorization");
        viewer.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + ViewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.Client.SendAsync(viewer)).StatusCode);
    }

    /// <summary>The latest version's id and every activity's node id, read as the Studio reads them.</summary>
    private async Task<(string VersionId, Dictionary<string, string> NodeIds)> LatestAsync()
    {
        var definition = await Json.ReadAsync(await _host.Client.SendAsync(
            _host.ApiRequest(HttpMethod.Get, "/elsa/api/workflow-definitions/by-definition-id/post-purchase?versionOptions=Latest")));
        var nodeIds = definition["root"]!["activities"]!.AsArray().ToDictionary(a => (string)a!["id"]!, a => (string)a!["nodeId"]!);
        return ((string)definition["id"]!, nodeIds);
    }

    /// <summary>The request exactly as the Test tab sends it: the version id and the activity's node id.</summary>
    private async Task<JsonNode> TestAsync(string versionId, string nodeId) =>
        await Json.ReadAsync(await _host.Client.SendAsync(Post(new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionVersionId"] = versionId },
            ["activityHandle"] = new JsonObject { ["activityNodeId"] = nodeId },
        })));

    private HttpRequestMessage Post(JsonObject body)
    {
        var request = _host.ApiRequest(HttpMethod.Post, "/elsa/api/tests/activities");
        request.Content = Json.Body(body.ToJsonString());
        return request;
    }

    private async Task<int> InstanceCountAsync() =>
        (await _host.Services.GetRequiredService<IWorkflowInstanceStore>().ListAsync(new InstanceQuery { PageSize = 1 })).TotalCount;

    private async Task<int> SendRecordCountAsync() =>
        (await _host.Services.GetRequiredService<ISendRecordStore>().ListRecentAsync(Channel.Email, Email, JourneyTestHost.Day0.AddDays(-1))).Count;
}
