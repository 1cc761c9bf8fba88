using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Elsa;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Runner;

/// <summary>Elsa.SetOutput, Complete, Fault, SetName, Correlate, FlowNode and RunJavaScript in Elsa's export shape.</summary>
public sealed class ElsaPrimitiveTests : IAsyncLifetime
{
    private readonly EngineHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SetOutput_SetName_and_Correlate_change_the_instance_and_Complete_ends_every_path_with_its_outcomes()
    {
        var id = await _host.ImportAsync(new Flow("primitives")
            .Add("name", "Elsa.SetName", ("value", JavaScript("'Order ' + getInput('OrderId')")))
            .Add("correlate", "Elsa.Correlate", ("correlationId", JavaScript("getOrderId()")))
            .Add("output", "Elsa.SetOutput", ("outputName", Literal("Total")), ("outputValue", JavaScript("input.Amount * 2")))
            .Add("fork", "Elsa.FlowFork", ("branches", Literal("[\"a\",\"b\"]")))
            .Add("wait", "Elsa.Delay", ("timeSpan", Literal("1.00:00:00")))
            .Add("complete", "Elsa.Complete", ("outcomes", Literal("Approved")))
            .Connect("name", "correlate").Connect("correlate", "output").Connect("output", "fork")
            .Connect("fork", "wait", "a").Connect("fork", "complete", "b").Build()
            .Also(d => d["inputs"] = new JsonArray(new JsonObject { ["name"] = "OrderId", ["type"] = "String" })));

        var instance = await _host.StartAsync(id, new JsonObject { ["OrderId"] = "o-42", ["Amount"] = 21 });

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal("Order o-42", instance.Name);
        Assert.Equal("o-42", instance.CorrelationId);
        Assert.Equal(42, instance.State.Output["Total"]!.GetValue<int>());
        Assert.Equal(["Approved"], instance.State.Outcomes);
        Assert.Empty(instance.State.Bookmarks);
        var stored = await _host.GetAsync(instance.Id);
        Assert.Equal("o-42", stored.CorrelationId);
        Assert.Equal(42, stored.State.Output["Total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Fault_faults_the_instance_at_once_with_an_incident_naming_the_activity_and_the_message()
    {
        var id = await _host.ImportAsync(Definition("faults", Sequence("root",
            Record("before"),
            Activity("Fault1", "Elsa.Fault", ("code", Literal("E42")), ("category", Literal("Payment")), ("message", Literal("The card was declined"))),
            Record("never"))));

        var instance = await _host.StartAsync(id);

        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        var incident = Assert.Single(instance.State.Incidents);
        Assert.Equal("Activity 'Fault1' (Elsa.Fault) failed: The card was declined (code E42, category Payment)", incident.Message);
        Assert.Equal(["before"], _host.Probe.Executed);
        Assert.DoesNotContain(await _host.JournalAsync(instance.Id), j => j.EventName == "Retrying");
    }

    [Fact]
    public async Task A_script_error_faults_with_a_message_naming_the_activity_and_the_cause()
    {
        var id = await _host.ImportAsync(Definition("script-error", Activity("Broken", "Elsa.RunJavaScript", ("script", Literal("throw new Error('no stock');")))));

        var instance = await _host.StartAsync(id);

        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        var message = Assert.Single(instance.State.Incidents).Message;
        Assert.StartsWith("Activity 'Broken' (Elsa.RunJavaScript) failed:", message);
        Assert.Contains("no stock", message);
    }

    [Fact]
    public async Task RunJavaScript_sets_its_result_and_chooses_outcomes_with_setOutcome()
    {
        var id = await _host.ImportAsync(new Flow("script")
            .Add("script", "Elsa.RunJavaScript", ("script", Literal("var big = input.total > 100; setOutcome(big ? 'Big' : 'Small'); return input.total * 10;")),
                ("possibleOutcomes", Literal("[\"Big\",\"Small\"]")))
            .Add("big", "Test.Record", ("label", JavaScript("'big ' + Activities.script.Result"))).Add("small", "Test.Record", ("label", Literal("small")))
            .Connect("script", "big", "Big").Connect("script", "small", "Small").Build());

        var instance = await _host.StartAsync(id, new JsonObject { ["total"] = 150 });

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["big 1500"], _host.Probe.Executed);
    }

    [Fact]
    public async Task Cron_waits_durably_for_the_next_occurrence_a_bad_literal_is_refused_and_a_bad_computed_one_faults_naming_it()
    {
        var id = await _host.ImportAsync(Definition("cron", Sequence("root",
            Activity("Cron1", "Elsa.Cron", ("cronExpression", Literal("0 9 * * *"))), Record("nine"))));

        var instance = await _host.StartAsync(id);
        var due = Assert.Single(instance.State.Bookmarks).DueAt!.Value;
        Assert.Equal((9, 0, 0), (due.UtcDateTime.Hour, due.Minute, due.Second));
        Assert.True(due > _host.Clock.GetUtcNow() && due <= _host.Clock.GetUtcNow().AddDays(1));
        await _host.AdvanceAsync(TimeSpan.FromDays(3)); // missed occurrences fire once, not three times
        Assert.Equal(["nine"], _host.Probe.Executed);
        Assert.Equal(WorkflowSubStatus.Finished, (await _host.GetAsync(instance.Id)).SubStatus);

        var refused = await Assert.ThrowsAsync<DefinitionValidationException>(() =>
            _host.ImportAsync(Definition("bad-cron", Activity("Cron1", "Elsa.Cron", ("cronExpression", Literal("every hour"))))));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("root.activities[Cron1].CronExpression", error.Location);
        Assert.StartsWith("'every hour' is not a valid cron expression", error.Message);

        var computed = await _host.ImportAsync(Definition("computed-cron", Activity("Cron1", "Elsa.Cron", ("cronExpression", JavaScript("'every ' + 'hour'")))));
        var faulted = await _host.StartAsync(computed);
        Assert.StartsWith("Activity 'Cron1' (Elsa.Cron) failed: 'every hour' is not a valid cron expression", Assert.Single(faulted.State.Incidents).Message);
    }

    [Fact]
    public async Task FlowNode_runs_its_body_then_continues()
    {
        var id = await _host.ImportAsync(new Flow("container")
            .Add("node", "Elsa.FlowNode", ("body", Flowchart("inner", [Record("inside")])))
            .Add("after", "Test.Record", ("label", Literal("after")))
            .Connect("node", "after").Build());

        var instance = await _host.StartAsync(id);

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["inside", "after"], _host.Probe.Executed);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject json, Action<JsonObject> change)
    {
        change(json);
        return json;
    }
}
