using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Elsa;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Runner;

/// <summary>Definitions usable as activities, Elsa.ExecuteWorkflow and Elsa.DispatchWorkflow.</summary>
public sealed class SubWorkflowTests : IAsyncLifetime
{
    private readonly EngineHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>"Greeter": input Name, waits a day, output Greeting, completes with Friendly or Formal.</summary>
    public static JsonObject Greeter(int version = 1, string greeting = "Hello") => Definition("greeter", Sequence("root",
            Activity("wait", "Elsa.Delay", ("timeSpan", Literal("1.00:00:00"))),
            Activity("set", "Elsa.SetOutput", ("outputName", Literal("Greeting")), ("outputValue", JavaScript($"'{greeting} ' + getName()"))),
            Activity("complete", "Elsa.Complete", ("outcomes", JavaScript("getName() == 'Ada' ? 'Friendly' : 'Formal'")))),
        version, "Greeter", new JsonObject
        {
            ["options"] = new JsonObject { ["usableAsActivity"] = true, ["activityCategory"] = "Journeys" },
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "Name", ["type"] = "String", ["displayName"] = "Name" }),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "Greeting", ["type"] = "String", ["displayName"] = "Greeting" }),
            ["outcomes"] = new JsonArray("Friendly", "Formal"),
        });

    public static JsonObject Parent(string? pinnedVersionId = null) => new Flow("parent")
        .Add("greet", "Greeter", ("_Name", JavaScript("input.customer")))
        .Add("friendly", "Test.Record", ("label", JavaScript("'friendly: ' + Activities.greet.Greeting")))
        .Add("formal", "Test.Record", ("label", JavaScript("'formal: ' + Activities.greet.Greeting")))
        .Connect("greet", "friendly", "Friendly").Connect("greet", "formal", "Formal").Build()
        .Also(d =>
        {
            var greet = (JsonObject)d["root"]!["activities"]![0]!;
            greet["workflowDefinitionId"] = "greeter";
            greet["workflowDefinitionVersionId"] = pinnedVersionId;
            greet["latestAvailablePublishedVersion"] = 1;
        });

    [Fact]
    public async Task A_definition_used_as_an_activity_runs_as_a_waiting_child_and_hands_back_outputs_and_outcomes()
    {
        await _host.ImportAsync(Greeter());
        await _host.ImportAsync(Parent());

        var parent = await _host.StartAsync("parent", new JsonObject { ["customer"] = "Ada" });
        Assert.Equal(WorkflowSubStatus.Suspended, parent.SubStatus);
        var child = Assert.Single((await _host.Instances.ListAsync(new InstanceQuery { DefinitionIds = ["greeter"] })).Items);
        Assert.Equal("Ada", child.State.Input["Name"]!.GetValue<string>());

        await _host.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(WorkflowSubStatus.Finished, (await _host.GetAsync(parent.Id)).SubStatus);
        Assert.Equal(["friendly: Hello Ada"], _host.Probe.Executed);
        var journal = await _host.JournalAsync(parent.Id);
        Assert.Contains(journal, j => j.ActivityId == "greet" && j.EventName == "Completed" && j.Message == "Friendly");
    }

    [Fact]
    public async Task A_use_pinned_to_a_version_id_runs_that_version_and_one_whose_version_is_gone_runs_the_published_version()
    {
        await _host.ImportAsync(Greeter(1, "Hello"));
        await _host.ImportAsync(Greeter(2, "Good day"));
        await _host.ImportAsync(Parent(pinnedVersionId: "greeter-v1"));

        await _host.StartAsync("parent", new JsonObject { ["customer"] = "Grace" });
        await _host.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(["formal: Hello Grace"], _host.Probe.Executed);

        await _host.ImportAsync(Parent().Also(d =>
        {
            d["version"] = 2;
            d["root"]!["activities"]![0]!["version"] = 9;
        }));
        await _host.StartAsync("parent", new JsonObject { ["customer"] = "Grace" });
        await _host.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(["formal: Hello Grace", "formal: Good day Grace"], _host.Probe.Executed);
    }

    [Fact]
    public async Task A_usable_definition_is_described_as_its_own_activity_type()
    {
        await _host.ImportAsync(Greeter());
        var descriptor = Assert.Single(await WorkflowDefinitionActivities.DescribeAsync((IWorkflowDefinitionStore)_host.Services.GetService(typeof(IWorkflowDefinitionStore))!, default));

        Assert.Equal("Greeter", descriptor.TypeName);
        Assert.Equal("Journeys", descriptor.Category);
        Assert.Equal(["_Name"], descriptor.Inputs.Select(i => i.Name)); // Elsa's safe name: WorkflowDefinitionActivity has a Name
        Assert.Equal(["Greeting"], descriptor.Outputs.Select(o => o.Name));
        Assert.Equal(["Friendly", "Formal"], descriptor.Ports.Where(p => p.Type == Descriptors.PortType.Flow).Select(p => p.Name));
        Assert.Equal("greeter", descriptor.ConstructionProperties["WorkflowDefinitionId"]!.GetValue<string>());
        Assert.Equal("ReviewRequestFlow", WorkflowDefinitionActivities.TypeNameOf("review request flow"));
    }

    [Theory]
    [InlineData("Elsa.ExecuteWorkflow")]
    [InlineData("Elsa.DispatchWorkflow")]
    public async Task ExecuteWorkflow_and_DispatchWorkflow_start_a_child_with_input_and_correlation_and_wait_for_its_output(string type)
    {
        await _host.ImportAsync(Greeter());
        await _host.ImportAsync(Definition("caller", Sequence("root",
            Activity("run", type, ("workflowDefinitionId", Literal("greeter")), ("correlationId", Literal("order-7")),
                ("input", new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "{\"Name\":\"Lin\"}" } }),
                ("waitForCompletion", Literal(true))),
            Record("after"))));

        var parent = await _host.StartAsync("caller");
        Assert.Equal(WorkflowSubStatus.Suspended, parent.SubStatus);
        var child = Assert.Single((await _host.Instances.ListAsync(new InstanceQuery { DefinitionIds = ["greeter"] })).Items);
        Assert.Equal("order-7", child.CorrelationId);

        await _host.AdvanceAsync(TimeSpan.FromDays(1));

        var finished = await _host.GetAsync(parent.Id);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        var result = finished.State.Outputs["run"]["Result"]!;
        var output = type == "Elsa.ExecuteWorkflow" ? result["output"]! : result;
        Assert.Equal("Hello Lin", output["Greeting"]!.GetValue<string>());
        Assert.Equal(["after"], _host.Probe.Executed);
    }

    [Fact]
    public async Task ExecuteWorkflow_without_waiting_continues_while_the_child_waits()
    {
        await _host.ImportAsync(Greeter());
        await _host.ImportAsync(Definition("fire-and-forget", Sequence("root",
            Activity("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Literal("greeter")), ("waitForCompletion", Literal(false))),
            Record("after"))));

        var parent = await _host.StartAsync("fire-and-forget");

        Assert.Equal(WorkflowSubStatus.Finished, parent.SubStatus);
        Assert.Equal("Suspended", parent.State.Outputs["run"]["Result"]!["subStatus"]!.GetValue<string>());
    }
}
