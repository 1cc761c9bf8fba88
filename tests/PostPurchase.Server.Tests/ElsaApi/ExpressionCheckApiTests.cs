using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.ElsaApi;

/// <summary>Import, Studio save and publish parse every JavaScript and Liquid expression; a broken one is a 400 and nothing is stored.</summary>
public sealed class ExpressionCheckApiTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;
    private HttpClient _api = null!;

    public Task InitializeAsync()
    {
        _host = new StudioTestHost();
        _api = _host.ApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonObject Definition(string definitionId, string condition, string text) => JsonNode.Parse("""
        {"definitionId":"__ID__","version":1,"name":"__ID__","isPublished":true,"root":{"type":"Elsa.Flowchart","id":"Flowchart1","activities":[
          {"id":"decide","name":"decide","type":"Elsa.FlowDecision","version":1,"condition":{"typeName":"Boolean","expression":{"type":"JavaScript","value":__CONDITION__}}},
          {"id":"say","name":"say","type":"Elsa.WriteLine","version":1,"text":{"typeName":"String","expression":{"type":"Liquid","value":__TEXT__}}}
        ],"connections":[{"source":{"activity":"decide","port":"True"},"target":{"activity":"say","port":"In"}}]}}
        """.Replace("__ID__", definitionId).Replace("__CONDITION__", JsonValue.Create(condition).ToJsonString()).Replace("__TEXT__", JsonValue.Create(text).ToJsonString()))!.AsObject();

    private async Task AssertNotStoredAsync(string definitionId) =>
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest")).StatusCode);

    [Fact]
    public async Task Studio_save_of_a_broken_script_is_a_400_naming_activity_input_line_and_column()
    {
        var model = Definition("broken-save", "const total = purchase.totalMinor;\nreturn total > ;", "Hi {{ Purchase.Customer.FirstName }}");

        foreach (var publish in new[] { false, true })
        {
            var response = await _api.PostAsync("/elsa/api/workflow-definitions", Json.Body(new JsonObject { ["model"] = model.DeepClone(), ["publish"] = publish }.ToJsonString()));
            var errors = (await Json.ReadAsync(response, HttpStatusCode.BadRequest))["errors"]!.AsObject();
            var message = Assert.Single(errors["root.activities[decide].Condition"]!.AsArray())!.GetValue<string>();
            Assert.Contains("JavaScript does not parse at line 2, column", message);
        }

        await AssertNotStoredAsync("broken-save");
    }

    [Fact]
    public async Task Import_of_a_broken_liquid_template_is_a_400_and_nothing_is_stored()
    {
        var model = Definition("broken-import", "purchase.items.some(i => i.sku === 'MUG')", "Hello\n{% for item in Purchase.Items %}{{ item.Name }}");

        var errors = (await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions/import", Json.Body(model.ToJsonString())), HttpStatusCode.BadRequest))["errors"]!.AsObject();

        Assert.Contains("Liquid does not parse at line", Assert.Single(errors["root.activities[say].Text"]!.AsArray())!.GetValue<string>());
        await AssertNotStoredAsync("broken-import");
    }

    [Fact]
    public async Task Importing_files_checks_every_file_before_storing_any()
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, model) in new[]
        {
            ("good.json", Definition("files-good", "true", "ok")),
            ("bad.json", Definition("files-bad", "[1, 2].map(i => i * 2", "ok")),
        })
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(model.ToJsonString()));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(file, "files", name);
        }

        var errors = (await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions/import-files", form), HttpStatusCode.BadRequest))["errors"]!.AsObject();

        Assert.Contains("line 1", Assert.Single(errors["root.activities[decide].Condition"]!.AsArray())!.GetValue<string>());
        await AssertNotStoredAsync("files-good");
        await AssertNotStoredAsync("files-bad");
    }

    [Fact]
    public async Task A_modern_script_and_a_liquid_template_save_and_publish()
    {
        var model = Definition("modern", "const { items = [] } = purchase ?? {};\nreturn items.some(i => i.sku === 'MUG');", "{% for item in Purchase.Items %}{{ item.Name | default: 'item' }}{% endfor %}");

        var saved = await Json.ReadAsync(await _api.PostAsync("/elsa/api/workflow-definitions", Json.Body(new JsonObject { ["model"] = model, ["publish"] = true }.ToJsonString())));

        Assert.True(saved["workflowDefinition"]!["isPublished"]!.GetValue<bool>());
    }
}
