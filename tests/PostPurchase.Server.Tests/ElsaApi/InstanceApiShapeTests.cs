using System.Net;
using System.Text.Json.Nodes;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.ElsaApi;

public sealed class InstanceApiShapeTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;
    private HttpClient _api = null!;
    private string _instanceId = null!;

    public async Task InitializeAsync()
    {
        _host = new StudioTestHost();
        _api = _host.ApiClient();
        await _host.ImportSampleAsync("greeting");
        var run = await _api.PostAsync("/elsa/api/workflow-definitions/greeting/execute",
            Json.Body("""{"correlationId":null,"triggerActivityId":null,"versionOptions":"Latest","input":null}"""));
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        _instanceId = run.Headers.GetValues("x-elsa-workflow-instance-id").Single();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_executed_instance_reads_back_with_string_statuses_and_its_state()
    {
        var json = await Json.ReadAsync(await _api.GetAsync($"/elsa/api/workflow-instances/{_instanceId}"));

        Json.AssertCamelCase(json);
        Assert.Equal("Finished", json["status"]!.GetValue<string>());
        Assert.Equal("Finished", json["subStatus"]!.GetValue<string>());
        Assert.Equal("greeting", json["definitionId"]!.GetValue<string>());
        Assert.Equal(1, json["version"]!.GetValue<int>());
        Assert.Equal(_instanceId, json["workflowState"]!["id"]!.GetValue<string>());
        Assert.Empty(json["workflowState"]!["bookmarks"]!.AsArray());
        var state = await Json.ReadAsync(await _api.GetAsync($"/elsa/api/workflow-instances/{_instanceId}/execution-state"));
        Assert.Equal("Finished", state["workflowSubStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_instance_list_pages_with_total_count()
    {
        var body = """{"page":0,"pageSize":10,"searchTerm":"","definitionId":null,"definitionIds":[],"correlationId":null,"version":null,"hasIncidents":null,"isSystem":false,"status":null,"statuses":[],"subStatus":null,"subStatuses":[],"orderBy":null,"orderDirection":"Descending","timestampFilters":[]}""";
        var json = await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-instances", Json.Body(body)));
        Assert.Equal(1, json["totalCount"]!.GetValue<int>());
        Assert.Equal(_instanceId, json["items"]![0]!["id"]!.GetValue<string>());
        Assert.Null(json["items"]![0]!["workflowState"]);

        var none = await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-instances", Json.Body("""{"page":0,"pageSize":10,"statuses":["Running"]}""")));
        Assert.Equal(0, none["totalCount"]!.GetValue<int>());
        await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-instances", Json.Body("""{"statuses":["Sleeping"]}""")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_journal_filters_by_node_ids_and_excluded_types()
    {
        var filter = """{"filter":{"activityIds":null,"activityNodeIds":["Workflow1:Flowchart1:Start1","Workflow1:Flowchart1:WriteLine1","Workflow1:Flowchart1:End1"],"excludedActivityTypes":["Elsa.Workflow","Elsa.Flowchart"],"eventNames":null}}""";
        var json = await Json.ReadAsync(await _api.PostAsync($"/elsa/api/workflow-instances/{_instanceId}/journal?skip=0&take=110", Json.Body(filter)));

        var items = json["items"]!.AsArray();
        Assert.Equal(items.Count, json["totalCount"]!.GetValue<int>());
        Assert.Equal(["Start1", "WriteLine1", "End1"], items.Where(i => i!["eventName"]!.GetValue<string>() == "Started").Select(i => i!["activityId"]!.GetValue<string>()));
        Assert.All(items, i => Assert.StartsWith("Workflow1:Flowchart1:", i!["nodeId"]!.GetValue<string>()));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i!["activityInstanceId"]!.GetValue<string>())));

        var paged = await Json.ReadAsync(await _api.PostAsync($"/elsa/api/workflow-instances/{_instanceId}/journal?skip=1&take=2", Json.Body(filter)));
        Assert.Equal(2, paged["items"]!.AsArray().Count);
        Assert.Equal(items.Count, paged["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Activity_execution_report_list_and_record_come_from_the_journal()
    {
        var report = await Json.ReadAsync(await _api.PostAsync("/elsa/api/activity-executions/report",
            Json.Body($$"""{"workflowInstanceId":"{{_instanceId}}","activityNodeIds":["Workflow1:Flowchart1:WriteLine1","Workflow1:Flowchart1:End1"]}""")));
        var stats = report["stats"]!.AsArray();
        Assert.Equal(2, stats.Count);
        Assert.All(stats, s =>
        {
            Assert.Equal(1, s!["startedCount"]!.GetValue<int>());
            Assert.Equal(1, s["completedCount"]!.GetValue<int>());
            Assert.False(s["isBlocked"]!.GetValue<bool>());
        });

        var list = await Json.ReadAsync(await _api.GetAsync($"/elsa/api/activity-executions/list?WorkflowInstanceId={_instanceId}&ActivityNodeId=Workflow1:Flowchart1:WriteLine1"));
        var record = list["items"]!.AsArray().Single()!;
        Assert.Equal(1, list["count"]!.GetValue<int>());
        Assert.Equal("Completed", record["status"]!.GetValue<string>());
        Assert.Equal("Elsa.WriteLine", record["activityType"]!.GetValue<string>());
        Assert.NotNull(record["completedAt"]);

        var byId = await Json.ReadAsync(await _api.GetAsync($"/elsa/api/activity-executions/by-id?id={Uri.EscapeDataString(record["id"]!.GetValue<string>())}"));
        Assert.Equal(record["id"]!.GetValue<string>(), byId["id"]!.GetValue<string>());
        var summaries = await Json.ReadAsync(await _api.GetAsync($"/elsa/api/activity-execution-summaries/list?WorkflowInstanceId={_instanceId}"));
        Assert.Equal(3, summaries["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_instances_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/elsa/api/workflow-instances/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.PostAsync("/elsa/api/workflow-instances/nope/journal", Json.Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.PostAsync("/elsa/api/workflow-definitions/nope/execute", Json.Body("{}"))).StatusCode);
    }
}
