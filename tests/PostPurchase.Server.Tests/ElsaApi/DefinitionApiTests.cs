using System.Net;
using System.Text.Json.Nodes;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.ElsaApi;

public sealed class DefinitionApiTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _host = new StudioTestHost();
        _api = _host.ApiClient();
        await _host.ImportSampleAsync("greeting");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_definition_comes_back_camelCase_with_node_ids_links_and_unknown_fields()
    {
        var json = await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/greeting?versionOptions=Latest"));

        Json.AssertCamelCase(json);
        Assert.Equal("greeting", json["definitionId"]!.GetValue<string>());
        Assert.True(json["isLatest"]!.GetValue<bool>());
        Assert.True(json["isPublished"]!.GetValue<bool>());
        Assert.Contains(json["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish" && l["href"]!.GetValue<string>() == "/workflow-definitions/greeting/publish");
        Assert.Equal("Workflow1:Flowchart1", json["root"]!["nodeId"]!.GetValue<string>());
        var activities = json["root"]!["activities"]!.AsArray();
        Assert.Equal(["Workflow1:Flowchart1:Start1", "Workflow1:Flowchart1:WriteLine1", "Workflow1:Flowchart1:End1"], activities.Select(a => a!["nodeId"]!.GetValue<string>()));
        Assert.True(activities[1]!["unknownActivityField"]!["kept"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unknown_definition_is_404_and_bad_version_options_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/nope")).StatusCode);
        var bad = await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/greeting?versionOptions=Sometimes"), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["versionOptions"]);
    }

    [Fact]
    public async Task Saving_a_published_definition_makes_a_draft_version_that_further_saves_overwrite_and_publish_promotes()
    {
        var model = (await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/greeting"))).AsObject();
        model["name"] = "Greeting, edited";
        model["options"] = null;        // the Studio sends explicit nulls
        model["variables"] = null;
        model["extraTopLevel"] = "kept";

        var first = await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions", Json.Body(new JsonObject { ["model"] = model.DeepClone(), ["publish"] = false }.ToJsonString())));
        var draft = first["workflowDefinition"]!;
        Assert.Equal(2, draft["version"]!.GetValue<int>());
        Assert.False(draft["isPublished"]!.GetValue<bool>());
        Assert.True(draft["isLatest"]!.GetValue<bool>());
        Assert.Equal("kept", draft["extraTopLevel"]!.GetValue<string>());
        Assert.Contains(draft["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        Assert.False(first["alreadyPublished"]!.GetValue<bool>());

        var second = await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions", Json.Body(new JsonObject { ["model"] = model.DeepClone(), ["publish"] = null }.ToJsonString())));
        Assert.Equal(2, second["workflowDefinition"]!["version"]!.GetValue<int>());
        Assert.Equal(draft["id"]!.GetValue<string>(), second["workflowDefinition"]!["id"]!.GetValue<string>());

        var published = await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions", Json.Body(new JsonObject { ["model"] = model.DeepClone(), ["publish"] = true }.ToJsonString())));
        Assert.True(published["workflowDefinition"]!["isPublished"]!.GetValue<bool>());

        var history = await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions?versionOptions=AllVersions&Page=0&PageSize=10&DefinitionIds=greeting&OrderBy=Version&OrderDirection=Descending"));
        Assert.Equal(2, history["totalCount"]!.GetValue<int>());
        var versions = history["items"]!.AsArray();
        Assert.Equal([2, 1], versions.Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal([true, false], versions.Select(v => v!["isPublished"]!.GetValue<bool>()));
        Assert.Contains(history["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "bulk-publish");
        Assert.All(versions, v => Assert.Contains(v!["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish"));
    }

    [Fact]
    public async Task Creating_from_the_list_with_a_bare_root_and_nulls_gets_an_id_node_ids_and_arrays()
    {
        const string model = """
            {"model":{"id":null,"definitionId":null,"name":"Workflow 1","description":"","toolVersion":"3.8.0.0","version":1,"isLatest":true,"isPublished":false,
              "createdAt":"0001-01-01T00:00:00+00:00","variables":null,"inputs":null,"outputs":null,"outcomes":null,"customProperties":null,"options":null,
              "root":{"id":"a447ea5090a810d9","type":"Elsa.Flowchart","version":1,"name":"Flowchart1"}},"publish":null}
            """;
        var saved = (await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions", Json.Body(model))))["workflowDefinition"]!;

        var id = saved["definitionId"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(1, saved["version"]!.GetValue<int>());
        Assert.Equal("Workflow1:a447ea5090a810d9", saved["root"]!["nodeId"]!.GetValue<string>());
        Assert.Empty(saved["root"]!["activities"]!.AsArray());
        Assert.Empty(saved["variables"]!.AsArray());

        var unique = await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions/validation/is-name-unique?name=Workflow%201"));
        Assert.False(unique["isUnique"]!.GetValue<bool>());
        Assert.True((await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions/validation/is-name-unique?name=Workflow%202")))["isUnique"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Publishing_an_invalid_definition_is_400_with_errors_and_changes_nothing()
    {
        var model = (await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/greeting"))).AsObject();
        model["root"]!["activities"]!.AsArray().Add(new JsonObject { ["id"] = "Bogus1", ["type"] = "Acme.DoesNotExist", ["version"] = 1 });

        var response = await _api.PostAsync("/elsa/api/workflow-definitions", Json.Body(new JsonObject { ["model"] = model, ["publish"] = true }.ToJsonString()));

        var body = await Json.ReadAsync(response, HttpStatusCode.BadRequest);
        var messages = body["errors"]!.AsObject().SelectMany(e => e.Value!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Contains(messages, m => m.Contains("Acme.DoesNotExist"));
        var all = await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions?versionOptions=AllVersions&DefinitionIds=greeting"));
        Assert.Equal(1, all["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_pages_are_zero_based_query_keys_case_insensitive_and_empty_version_options_means_all()
    {
        await _host.ImportSampleAsync("second");
        await _host.ImportSampleAsync("third");

        var page0 = await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions?versionOptions=Published&Page=0&PageSize=2&OrderBy=Name&OrderDirection=Ascending"));
        var page1 = await Json.ReadAsync(await _api.GetAsync("/elsa/api/workflow-definitions?versionoptions=published&page=1&pagesize=2&orderby=name&orderdirection=ascending"));
        Assert.Equal(3, page0["totalCount"]!.GetValue<int>());
        Assert.Equal(["Greeting greeting", "Greeting second"], page0["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(["Greeting third"], page1["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));

        var versionId = page0["items"]![0]!["id"]!.GetValue<string>();
        var byIds = await Json.ReadAsync(await _api.GetAsync($"/elsa/api/workflow-definitions?versionOptions=&Ids={versionId}"));
        Assert.Equal([versionId], byIds["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        var byVersionId = await Json.ReadAsync(await _api.GetAsync($"/elsa/api/workflow-definitions/by-id/{versionId}"));
        Assert.Equal("greeting", byVersionId["definitionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retract_unpublishes_once_then_400_and_bulk_publish_reports_each_id()
    {
        var retracted = await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions/greeting/retract", Json.Body("{}")));
        Assert.False(retracted["isPublished"]!.GetValue<bool>());
        await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions/greeting/retract", Json.Body("{}")), HttpStatusCode.BadRequest);

        var bulk = await Json.ReadAsync(await _api.PostAsync("/elsa/api/bulk-actions/publish/workflow-definitions/by-definition-ids", Json.Body("""{"definitionIds":["greeting","missing"]}""")));
        Assert.Equal(["greeting"], bulk["published"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(["missing"], bulk["notFound"]!.AsArray().Select(x => x!.GetValue<string>()));
        var again = await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions/greeting/publish", Json.Body("{}")));
        Assert.True(again["alreadyPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Delete_removes_every_version()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync("/elsa/api/workflow-definitions/greeting")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/elsa/api/workflow-definitions/by-definition-id/greeting")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.DeleteAsync("/elsa/api/workflow-definitions/greeting")).StatusCode);
    }
}
