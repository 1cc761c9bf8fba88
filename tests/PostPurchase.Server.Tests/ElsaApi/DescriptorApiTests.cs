using PostPurchase.Server.Tests.Infrastructure;

namespace PostPurchase.Server.Tests.ElsaApi;

public sealed class DescriptorApiTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new StudioTestHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Activity_descriptors_use_string_enums_ports_and_include_the_root_flowchart()
    {
        var json = await Json.ReadAsync(await _host.ApiClient().GetAsync("/elsa/api/descriptors/activities?Refresh=True"));

        Json.AssertCamelCase(json);
        var items = json["items"]!.AsArray();
        Assert.Equal(items.Count, json["count"]!.GetValue<int>());
        var writeLine = items.Single(i => i!["typeName"]!.GetValue<string>() == "Elsa.WriteLine")!;
        Assert.Equal("Action", writeLine["kind"]!.GetValue<string>());
        Assert.Equal(1, writeLine["version"]!.GetValue<int>());
        Assert.Equal("Flow", writeLine["ports"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("Text", writeLine["inputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("String", writeLine["inputs"]![0]!["typeName"]!.GetValue<string>());
        var decision = items.Single(i => i!["typeName"]!.GetValue<string>() == "Elsa.FlowDecision")!;
        Assert.Equal(["True", "False"], decision["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        var flowchart = items.Single(i => i!["typeName"]!.GetValue<string>() == "Elsa.Flowchart")!;
        Assert.False(flowchart["isBrowsable"]!.GetValue<bool>());
        Assert.True(items.Single(i => i!["typeName"]!.GetValue<string>() == "Elsa.Start")!["isStart"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Expression_descriptors_offer_literal_javascript_liquid_and_handlebars()
    {
        var json = await Json.ReadAsync(await _host.ApiClient().GetAsync("/elsa/api/descriptors/expression-descriptors"));
        var items = json["items"]!.AsArray();
        var template = items.Single(i => i!["type"]!.GetValue<string>() == "Handlebars")!;
        Assert.Equal("Handlebars", template["displayName"]!.GetValue<string>());
        Assert.Equal("Liquid", items.Single(i => i!["type"]!.GetValue<string>() == "Liquid")!["displayName"]!.GetValue<string>());
        Assert.True(template["isBrowsable"]!.GetValue<bool>());
        Assert.Equal("javascript", items.Single(i => i!["type"]!.GetValue<string>() == "JavaScript")!["properties"]!["MonacoLanguage"]!.GetValue<string>());
        Assert.Contains(items, i => i!["type"]!.GetValue<string>() == "Literal");
    }

    [Theory]
    [InlineData("descriptors/workflow-activation-strategies")]
    [InlineData("descriptors/log-persistence-strategies")]
    [InlineData("descriptors/incident-strategies")]
    [InlineData("descriptors/commit-strategies/workflows")]
    [InlineData("descriptors/commit-strategies/activities")]
    [InlineData("features/installed")]
    public async Task Editor_load_lists_answer_with_an_items_envelope(string path)
    {
        var json = await Json.ReadAsync(await _host.ApiClient().GetAsync("/elsa/api/" + path));
        Assert.NotNull(json["items"]!.AsArray());
        Assert.Equal(json["items"]!.AsArray().Count, json["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Variable_types_and_storage_drivers_are_listed()
    {
        var variables = await Json.ReadAsync(await _host.ApiClient().GetAsync("/elsa/api/descriptors/variables"));
        Assert.Contains(variables["items"]!.AsArray(), v => v!["typeName"]!.GetValue<string>() == "Int32");
        var drivers = await Json.ReadAsync(await _host.ApiClient().GetAsync("/elsa/api/descriptors/storage-drivers"));
        Assert.Single(drivers["items"]!.AsArray());
    }
}
