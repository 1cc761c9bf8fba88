using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Server.Tests.ElsaApi;

/// <summary>
/// C# through the Elsa API: refused while disabled; once enabled, only admins may save, publish or import a definition
/// that runs it; likewise a call to a private address once private addresses are allowed.
/// </summary>
public sealed class PrivilegedDefinitionApiTests
{
    private const string AdminKey = "privileged-admin-key";

    private static StudioTestHost Host(bool csharp = false, bool privateAddresses = false) => new(settings: new Dictionary<string, string?>
    {
        ["Auth:ApiKeys"] = $"{StudioTestHost.ApiKey},{AdminKey}:admin",
        ["Scripting:CSharp:Enabled"] = csharp ? "true" : "false",
        ["HttpRequests:AllowPrivateAddresses"] = privateAddresses ? "true" : "false",
    });

    private static JsonObject CSharpDefinition(string definitionId) => JsonNode.Parse("""
        {"definitionId":"__ID__","version":1,"name":"__ID__","isPublished":false,
         "variables":[{"id":"total-id","name":"Total","typeName":"Int32","value":"20"}],
         "root":{"type":"Elsa.Flowchart","id":"Flowchart1","activities":[
          {"id":"a1","name":"RunCSharp1","type":"Elsa.RunCSharp","version":1,
           "script":{"typeName":"String","expression":{"type":"Literal","value":"Variables.Total = Variables.Total + 1;\nreturn $\"total {Variables.Total}\";"}},
           "possibleOutcomes":null,"result":{"typeName":"Object","memoryReference":{"id":"Output1"}}},
          {"id":"a2","name":"SetOutput1","type":"Elsa.SetOutput","version":1,
           "outputName":{"typeName":"String","expression":{"type":"Literal","value":"Total"}},
           "outputValue":{"typeName":"Object","expression":{"type":"CSharp","value":"return Variables.Get<int>(\"Total\") * 2;"}}}
         ],"connections":[{"source":{"activity":"a1","port":"Done"},"target":{"activity":"a2","port":"In"}}]}}
        """.Replace("__ID__", definitionId))!.AsObject();

    private static JsonObject HttpDefinition(string definitionId, string urlType, string url) => JsonNode.Parse("""
        {"definitionId":"__ID__","version":1,"name":"__ID__","root":{"type":"Elsa.Flowchart","id":"Flowchart1","activities":[
          {"id":"h1","name":"CallCrm","type":"Elsa.FlowSendHttpRequest","version":1,
           "url":{"typeName":"Uri","expression":{"type":"__TYPE__","value":__URL__}},
           "method":{"typeName":"String","expression":{"type":"Literal","value":"GET"}}}
        ],"connections":[]}}
        """.Replace("__ID__", definitionId).Replace("__TYPE__", urlType).Replace("__URL__", JsonValue.Create(url).ToJsonString()))!.AsObject();

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, JsonObject model, bool publish = false) =>
        client.PostAsync("/elsa/api/workflow-definitions", Json.Body(new JsonObject { ["model"] = model.DeepClone(), ["publish"] = publish }.ToJsonString()));

    private static async Task<bool> IsStoredAsync(StudioTestHost host, string definitionId) =>
        (await host.ApiClient(AdminKey).GetAsync($"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task While_CSharp_is_disabled_even_an_admin_import_is_refused_with_the_reason_and_the_Studio_does_not_offer_it()
    {
        await using var host = Host();
        var admin = host.ApiClient(AdminKey);

        var errors = (await Json.ReadAsync(await admin.PostAsync("/elsa/api/workflow-definitions/import", Json.Body(CSharpDefinition("cs-off").ToJsonString())), HttpStatusCode.BadRequest))["errors"]!.AsObject();

        Assert.StartsWith("C# is disabled on this server", Assert.Single(errors["root.activities[RunCSharp1]"]!.AsArray())!.GetValue<string>());
        Assert.NotNull(errors["root.activities[SetOutput1].OutputValue"]);
        Assert.False(await IsStoredAsync(host, "cs-off"));
        var syntaxes = await Json.ReadAsync(await admin.GetAsync("/elsa/api/descriptors/expression-descriptors"));
        Assert.False((bool)syntaxes["items"]!.AsArray().Single(s => (string)s!["type"]! == "CSharp")!["isBrowsable"]!);
        var activities = await Json.ReadAsync(await admin.GetAsync("/elsa/api/descriptors/activities"));
        Assert.False((bool)activities["items"]!.AsArray().Single(a => (string)a!["typeName"]! == "Elsa.RunCSharp")!["isBrowsable"]!);
    }

    [Fact]
    public async Task With_CSharp_enabled_an_editor_save_is_403_and_changes_nothing_an_admin_save_runs()
    {
        await using var host = Host(csharp: true);
        var editor = host.ApiClient();
        var admin = host.ApiClient(AdminKey);

        foreach (var publish in new[] { false, true })
        {
            var refused = await SaveAsync(editor, CSharpDefinition("cs-on"), publish);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Only an admin may save this definition: root.activities[RunCSharp1] runs C#", (string)(await Json.ReadAsync(refused, HttpStatusCode.Forbidden))["message"]!);
        }

        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(CSharpDefinition("cs-on").ToJsonString())), "files", "cs-on.json" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsync("/elsa/api/workflow-definitions/import-files", form)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsync("/elsa/api/workflow-definitions/import", Json.Body(CSharpDefinition("cs-on").ToJsonString()))).StatusCode);
        Assert.False(await IsStoredAsync(host, "cs-on"));

        // The admin saves a draft; the editor may not publish it, the admin may; then it runs.
        await Json.ReadAsync(await SaveAsync(admin, CSharpDefinition("cs-on")));
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsync("/elsa/api/workflow-definitions/cs-on/publish", Json.Body("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsync("/elsa/api/bulk-actions/publish/workflow-definitions/by-definition-ids", Json.Body("""{"definitionIds":["cs-on"]}"""))).StatusCode);
        await Json.ReadAsync(await admin.PostAsync("/elsa/api/workflow-definitions/cs-on/publish", Json.Body("{}")));

        var run = await Json.ReadAsync(await admin.PostAsync("/elsa/api/workflow-definitions/cs-on/execute", Json.Body("{}")));
        Assert.Equal("Finished", (string)run["workflowState"]!["subStatus"]!);
        var instance = await host.Services.GetRequiredService<IWorkflowInstanceStore>().FindAsync((string)run["workflowState"]!["id"]!);
        Assert.Equal("total 21", instance!.State.Outputs["a1"]["Result"]!.GetValue<string>());
        Assert.Equal("42", instance.State.Output["Total"]!.ToJsonString());
    }

    [Fact]
    public async Task With_CSharp_enabled_a_compile_error_is_a_400_with_line_and_column()
    {
        await using var host = Host(csharp: true);
        var model = CSharpDefinition("cs-broken");
        model["root"]!["activities"]![0]!["script"]!["expression"]!["value"] = "var x = 1;\nreturn x +;";

        var errors = (await Json.ReadAsync(await SaveAsync(host.ApiClient(AdminKey), model), HttpStatusCode.BadRequest))["errors"]!.AsObject();

        Assert.StartsWith("C# does not compile at line 2, column 11: CS1525", Assert.Single(errors["root.activities[RunCSharp1].Script"]!.AsArray())!.GetValue<string>());
        Assert.False(await IsStoredAsync(host, "cs-broken"));
    }

    [Fact]
    public async Task With_private_addresses_allowed_only_an_admin_may_save_a_call_to_one_or_to_a_computed_url()
    {
        await using var host = Host(privateAddresses: true);
        var editor = host.ApiClient();
        var admin = host.ApiClient(AdminKey);

        foreach (var (type, url) in new[] { ("Literal", "http://10.0.0.5/points"), ("Literal", "http://localhost:8080/x"), ("Literal", "http://[::1]/"),
                     ("Literal", "http://crm.internal/api"), ("JavaScript", "`https://${variables.Host}/api`") })
        {
            var refused = await SaveAsync(editor, HttpDefinition("http-private", type, url));
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{url}: {(int)refused.StatusCode}");
        }

        Assert.False(await IsStoredAsync(host, "http-private"));
        await Json.ReadAsync(await SaveAsync(editor, HttpDefinition("http-public", "Literal", "https://api.example.com/points")));
        await Json.ReadAsync(await SaveAsync(admin, HttpDefinition("http-private", "Literal", "http://10.0.0.5/points"), publish: true));
        Assert.True(await IsStoredAsync(host, "http-private"));
    }

    [Fact]
    public async Task While_private_addresses_are_refused_an_editor_may_save_a_call_to_one_it_cannot_reach()
    {
        await using var host = Host();

        await Json.ReadAsync(await SaveAsync(host.ApiClient(), HttpDefinition("http-refused-at-call", "Literal", "http://10.0.0.5/points")));
        Assert.True(await IsStoredAsync(host, "http-refused-at-call"));
    }
}
