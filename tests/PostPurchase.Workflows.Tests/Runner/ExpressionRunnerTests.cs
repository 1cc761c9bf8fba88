using System.Text.Json.Nodes;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Runner;

public sealed class ExpressionRunnerTests : IAsyncLifetime
{
    private readonly EngineHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonObject Purchase(params string[] skus) => new()
    {
        ["purchase"] = new JsonObject { ["items"] = new JsonArray(skus.Select(s => (JsonNode)new JsonObject { ["sku"] = s }).ToArray()) },
    };

    [Theory]
    [InlineData("purchase.items.some(function (i) { return i.sku === 'MUG'; })", "MUG", "yes")]
    [InlineData("purchase.items.some(function (i) { return i.sku === 'MUG'; })", "TEA", "no")]
    [InlineData("const { items } = purchase;\nreturn items.filter(i => i.sku.startsWith('M')).length > 0;", "MUG", "yes")]
    public async Task Decision_with_a_callback_follows_the_branch_the_script_returns(string condition, string sku, string expected)
    {
        var id = await _host.ImportAsync(new Flow("callback")
            .Add("decide", "Elsa.FlowDecision", ("condition", JavaScript(condition)))
            .Add("yes", "Test.Record", ("label", Literal("yes"))).Add("no", "Test.Record", ("label", Literal("no")))
            .Connect("decide", "yes", "True").Connect("decide", "no", "False").Build());

        var instance = await _host.StartAsync(id, Purchase(sku));

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal([expected], _host.Probe.Executed);
    }

    [Fact]
    public async Task Template_literal_output_reaches_the_activity()
    {
        var id = await _host.ImportAsync(new Flow("template-literal")
            .Add("say", "Test.Record", ("label", JavaScript("let n = 0; { let n = purchase.items.length; }\n`items: ${purchase.items.map(i => i.sku).join(', ')} (${n})`"))).Build());

        await _host.StartAsync(id, Purchase("MUG", "TEA"));

        Assert.Equal(["items: MUG, TEA (0)"], _host.Probe.Executed);
    }

    [Fact]
    public async Task A_condition_that_gives_null_faults_with_a_message_saying_so()
    {
        var id = await _host.ImportAsync(new Flow("null-condition")
            .Add("decide", "Elsa.FlowDecision", ("condition", JavaScript("purchase.items.find(i => i.sku === 'NONE')?.sku ?? null")))
            .Add("yes", "Test.Record", ("label", Literal("yes"))).Connect("decide", "yes", "True").Build());

        var instance = await _host.StartAsync(id, Purchase("MUG"));
        for (var i = 0; i < 5 && (await _host.GetAsync(instance.Id)).SubStatus != WorkflowSubStatus.Faulted; i++)
            await _host.AdvanceAsync(TimeSpan.FromMinutes(5));

        var faulted = await _host.GetAsync(instance.Id);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        var message = faulted.State.Incidents.Last().Message;
        Assert.Contains("'decide'", message);
        Assert.Contains("'Condition'", message);
        Assert.Contains("no value", message);
        Assert.DoesNotContain("Object reference", message);
    }

    [Fact]
    public async Task A_thrown_error_faults_with_the_scripts_own_message_and_line()
    {
        var id = await _host.ImportAsync(new Flow("throws")
            .Add("say", "Test.Record", ("label", JavaScript("const sku = purchase.items[0].sku;\nthrow new Error(`unknown sku ${sku}`);"))).Build());

        var instance = await _host.StartAsync(id, Purchase("XYZ"));
        for (var i = 0; i < 5 && (await _host.GetAsync(instance.Id)).SubStatus != WorkflowSubStatus.Faulted; i++)
            await _host.AdvanceAsync(TimeSpan.FromMinutes(5));

        var message = (await _host.GetAsync(instance.Id)).State.Incidents.Last().Message;
        Assert.Contains("'say'", message);
        Assert.Contains("'Label'", message);
        Assert.Contains("line 2", message);
        Assert.Contains("unknown sku XYZ", message);
    }
}
