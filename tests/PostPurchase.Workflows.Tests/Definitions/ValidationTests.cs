using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Definitions;

public sealed class ValidationTests : IAsyncLifetime
{
    private readonly EngineHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_invalid_definition_is_rejected_with_every_problem_and_nothing_is_stored()
    {
        var definition = new Flow("broken")
            .Add("a", "Elsa.Nope")
            .Add("wait", "Elsa.Delay", ("timeSpan", Literal("soon")))
            .Add("x", "Test.Record").Add("y", "Test.Record")
            .Connect("wait", "ghost").Connect("wait", "x", "Maybe")
            .Connect("x", "y").Connect("y", "x")
            .Build();

        var error = await Assert.ThrowsAsync<DefinitionValidationException>(() => _host.Definitions.ImportAsync(definition, "test"));

        Assert.Contains(error.Errors, e => e.Location == "root.activities[a].type" && e.Message.Contains("Elsa.Nope"));
        Assert.Contains(error.Errors, e => e.Location == "root.activities[wait].TimeSpan" && e.Message.Contains("'soon'"));
        Assert.Contains(error.Errors, e => e.Message.Contains("'ghost' does not exist"));
        Assert.Contains(error.Errors, e => e.Message.Contains("no outcome 'Maybe'"));
        Assert.Contains(error.Errors, e => e.Message.Contains("loop with no wait"));
        var store = (IWorkflowDefinitionStore)_host.Services.GetService(typeof(IWorkflowDefinitionStore))!;
        Assert.Empty(await store.ListAsync(new DefinitionQuery()));
    }

    [Fact]
    public async Task A_loop_with_a_wait_or_an_exit_is_valid()
    {
        var withWait = new Flow("loop-wait").Add("x", "Test.Record").Add("wait", "Elsa.Delay", ("timeSpan", Literal("01:00:00")))
            .Connect("x", "wait").Connect("wait", "x").Build();
        var withExit = new Flow("loop-exit").Add("x", "Test.Record").Add("decide", "Elsa.FlowDecision", ("condition", Literal("true"))).Add("out", "Test.Record")
            .Connect("x", "decide").Connect("decide", "x", "False").Connect("decide", "out", "True").Build();

        Assert.True((await _host.Definitions.ImportAsync(withWait, "t")).Imported);
        Assert.True((await _host.Definitions.ImportAsync(withExit, "t")).Imported);
    }
}
