using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Expressions.CSharp;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Elsa;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Runner;

/// <summary>Elsa.RunCSharp and CSharp expressions (Roslyn scripting) in Elsa's export shape, and the switch that allows them.</summary>
public sealed class CSharpTests
{
    public static EngineHost Host(bool enabled = true, double timeoutSeconds = 5, Action<IServiceCollection>? configure = null) =>
        new(configure: services =>
        {
            services.AddSingleton(new CSharpOptions { Enabled = enabled, Timeout = TimeSpan.FromSeconds(timeoutSeconds) });
            configure?.Invoke(services);
        });

    public static JsonObject CSharp(string script) =>
        new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "CSharp", ["value"] = script } };

    /// <summary>
    /// An order journey as Elsa exports one: RunCSharp (its Script a Literal, its Result bound to a variable) counts,
    /// picks an outcome and returns text; a CSharp expression reads its output; SetOutput computes with C#.
    /// </summary>
    public static JsonObject OrderScript() => Definition("csharp-order", Flowchart("Flowchart1",
        [
            Activity("Script1", "Elsa.RunCSharp",
                ("script", Literal("""
                    Variables.Visits = Variables.Visits + 1;
                    var items = (IEnumerable<dynamic>)Input.Items;
                    Outcome.Set(Input.Get<int>("Total") > 100 ? "Big" : "Small");
                    return $"order {Input.OrderId}: {items.Count()} items, first {items.First().Sku}";
                    """)),
                ("possibleOutcomes", Literal("[\"Big\",\"Small\"]")),
                ("result", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "summary-id" } })),
            Activity("Big", "Test.Record", ("label", CSharp("return \"big \" + Output.From(\"Script1\", \"Result\") + \" / \" + Variables.Summary;"))),
            Activity("Small", "Test.Record", ("label", Literal("small"))),
            Activity("Output1", "Elsa.SetOutput", ("outputName", Literal("Visits")), ("outputValue", CSharp("Variables.Get<int>(\"Visits\") * 10"))),
        ],
        ("Script1", "Big", "Big"), ("Script1", "Small", "Small"), ("Big", "Done", "Output1")),
        extra: new JsonObject
        {
            ["variables"] = new JsonArray(
                new JsonObject { ["id"] = "visits-id", ["name"] = "Visits", ["typeName"] = "Int32", ["value"] = "2" },
                new JsonObject { ["id"] = "summary-id", ["name"] = "Summary", ["typeName"] = "String", ["value"] = null }),
        });

    public static JsonObject OrderInput() => new()
    {
        ["OrderId"] = "o-7", ["Total"] = 150,
        ["Items"] = new JsonArray(new JsonObject { ["Sku"] = "MUG" }, new JsonObject { ["Sku"] = "CAP" }),
    };

    [Fact]
    public async Task RunCSharp_sets_its_result_variables_and_outcome_and_CSharp_expressions_read_them()
    {
        await using var host = Host();
        var id = await host.ImportAsync(OrderScript());

        var instance = await host.StartAsync(id, OrderInput());

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["big order o-7: 2 items, first MUG / order o-7: 2 items, first MUG"], host.Probe.Executed);
        Assert.Equal(3, instance.State.Variables["Visits"]!.GetValue<int>());
        Assert.Equal(30, instance.State.Output["Visits"]!.GetValue<int>());
        var journal = await host.JournalAsync(instance.Id);
        Assert.Contains(journal, j => j.ActivityId == "Script1" && j.EventName == "Completed");
        Assert.DoesNotContain(journal, j => j.ActivityId == "Small");
    }

    [Fact]
    public async Task A_compile_error_is_refused_at_import_with_its_line_and_column_and_nothing_is_stored()
    {
        await using var host = Host();
        var definition = Definition("csharp-broken", Flowchart("Flowchart1",
        [
            Activity("Script1", "Elsa.RunCSharp", ("script", Literal("var total = 1;\nreturn totl + 1;"))),
            Activity("Say", "Test.Record", ("label", CSharp("return 1 +;"))),
        ]));

        var ex = await Assert.ThrowsAsync<DefinitionValidationException>(() => host.ImportAsync(definition));

        var script = Assert.Single(ex.Errors, e => e.Location == "root.activities[Script1].Script");
        Assert.StartsWith("C# does not compile at line 2, column 8: CS0103: The name 'totl' does not exist", script.Message);
        Assert.StartsWith("C# does not compile at line 1, column 11:", Assert.Single(ex.Errors, e => e.Location == "root.activities[Say].Label").Message);
        Assert.Empty(await host.Services.GetRequiredService<Runtime.Stores.IWorkflowDefinitionStore>().ListAsync(new Runtime.Stores.DefinitionQuery()));
    }

    [Theory]
    [InlineData("while (true) { }")]
    [InlineData("int Spin(int n) => n + 1; var i = 0; for (;;) i = Spin(i);")]
    [InlineData("System.Threading.Thread.Sleep(4000); return 1;")]
    public async Task A_script_running_past_the_time_limit_faults_naming_the_activity_and_changes_no_variable(string script)
    {
        await using var host = Host(timeoutSeconds: 0.5);
        var id = await host.ImportAsync(Definition("csharp-slow", Flowchart("Flowchart1",
            [Activity("Slow1", "Elsa.RunCSharp", ("script", Literal("Variables.Visits = 99;\n" + script)))]),
            extra: new JsonObject { ["variables"] = new JsonArray(new JsonObject { ["id"] = "v", ["name"] = "Visits", ["typeName"] = "Int32", ["value"] = "1" }) }));

        var instance = await host.StartAsync(id);

        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        var message = Assert.Single(instance.State.Incidents).Message;
        Assert.StartsWith("Activity 'Slow1' (Elsa.RunCSharp) failed:", message);
        Assert.Contains("the script ran longer than 0.5 s", message);
        Assert.Equal("1", instance.State.Variables["Visits"]!.ToJsonString());
    }

    [Fact]
    public async Task A_loop_past_the_time_limit_stops_running_it_is_not_left_spinning()
    {
        await using var host = Host(timeoutSeconds: 0.5);
        var key = "csharp-spin-" + Guid.NewGuid().ToString("N");
        var id = await host.ImportAsync(Definition("csharp-spin", Flowchart("Flowchart1",
            [Activity("Spin1", "Elsa.RunCSharp", ("script", Literal($"long n = 0;\nAppDomain.CurrentDomain.SetData(\"{key}\", n);\nwhile (true) AppDomain.CurrentDomain.SetData(\"{key}\", ++n);")))])));

        var instance = await host.StartAsync(id);
        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);

        // Once the script has started (on a busy machine it may start after its limit), the counter stops moving: the
        // loop ended at its next time-limit check instead of spinning on. Three still samples in a row (600 ms), so one
        // moment when a starved script thread did not run is not taken for a stop.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var stillSamples = 0;
        while (stillSamples < 3 && DateTime.UtcNow < deadline)
        {
            var before = AppDomain.CurrentDomain.GetData(key);
            await Task.Delay(200);
            stillSamples = before is long && Equals(before, AppDomain.CurrentDomain.GetData(key)) ? stillSamples + 1 : 0;
        }

        var stopped = stillSamples == 3;

        Assert.True(stopped, "the script kept running after its time limit");
    }

    [Fact]
    public async Task A_script_exception_faults_with_its_type_message_and_line()
    {
        await using var host = Host();
        var id = await host.ImportAsync(Definition("csharp-throws", Flowchart("Flowchart1",
            [Activity("Check1", "Elsa.RunCSharp", ("script", Literal("var stock = 0;\nif (stock == 0) throw new InvalidOperationException(\"no stock\");\nreturn stock;")))])));

        var instance = await host.StartAsync(id);

        var message = Assert.Single(instance.State.Incidents).Message;
        Assert.StartsWith("Activity 'Check1' (Elsa.RunCSharp) failed:", message);
        Assert.Contains("at line 2: InvalidOperationException: no stock", message);
    }

    [Fact]
    public async Task While_CSharp_is_disabled_a_definition_using_it_is_refused_at_import_with_the_reason()
    {
        await using var host = Host(enabled: false);

        var ex = await Assert.ThrowsAsync<DefinitionValidationException>(() => host.ImportAsync(OrderScript()));

        Assert.Contains(ex.Errors, e => e.Location == "root.activities[Script1]" && e.Message.StartsWith("C# is disabled on this server", StringComparison.Ordinal)
            && e.Message.Contains("Scripting__CSharp__Enabled=true"));
        Assert.Contains(ex.Errors, e => e.Location == "root.activities[Big].Label");
        Assert.Contains(ex.Errors, e => e.Location == "root.activities[Output1].OutputValue");
    }

    [Fact]
    public async Task JavaScript_reads_another_activity_output_with_Elsas_get_Output_From_Activity_accessor()
    {
        await using var host = Host(enabled: false);
        var id = await host.ImportAsync(Definition("js-accessor", Sequence("root",
            Activity("runJavaScript1", "Elsa.RunJavaScript", ("script", Literal("return input.total * 2;"))),
            Activity("Say", "Test.Record", ("label", JavaScript("`result ${getResultFromRunJavaScript1()}, none ${getResultFromSay()}`"))))));

        var instance = await host.StartAsync(id, new JsonObject { ["total"] = 21 });

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["result 42, none null"], host.Probe.Executed);
    }

    private static JsonObject Usable(string definitionId, string name, string[] outputs, params JsonObject[] activities) =>
        Definition(definitionId, Flowchart("Flowchart1", activities), name: name, extra: new JsonObject
        {
            ["options"] = new JsonObject { ["usableAsActivity"] = true },
            ["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)new JsonObject { ["name"] = o, ["type"] = "Object" }).ToArray()),
        });

    private static JsonObject Bind(string id) => new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = id } };

    private static JsonObject Use(string id, string type, string definitionId, params (string Name, JsonNode? Value)[] outputs) =>
        Activity(id, type, outputs).Also(a => a["workflowDefinitionId"] = definitionId);

    [Fact]
    public async Task Outputs_bound_to_declared_workflow_outputs_flow_from_RunCSharp_through_sub_workflows_to_a_CSharp_expression()
    {
        // Elsa's ParentChildOutputMapping scenario, written here: A sets Output1 with SetOutput, B binds RunCSharp's
        // Result to its Output1, C binds A's and B's outputs to its own, D binds C's outputs to variables.
        await using var host = Host();
        await host.ImportAsync(Usable("wf-a", "A", ["Output1"], Activity("SetOutput1", "Elsa.SetOutput", ("outputName", Literal("Output1")), ("outputValue", Literal("Foo")))));
        await host.ImportAsync(Usable("wf-b", "B", ["Output1"], Activity("RunCSharp1", "Elsa.RunCSharp", ("script", Literal("return \"Bar\";")), ("result", Bind("Output1")))));
        await host.ImportAsync(Usable("wf-c", "C", ["Output1", "Output2"], Use("A1", "A", "wf-a", ("output1", Bind("Output1"))), Use("B1", "B", "wf-b", ("output1", Bind("Output2")))));
        var id = await host.ImportAsync(Definition("wf-d", Flowchart("Flowchart1",
            [Use("C1", "C", "wf-c", ("output1", Bind("v1")), ("output2", Bind("v2"))), Activity("Say", "Test.Record", ("label", CSharp("return $\"{Variables.Variable1}{Variables.Variable2}\";")))],
            ("C1", "Done", "Say")), extra: new JsonObject
        {
            ["variables"] = new JsonArray(
                new JsonObject { ["id"] = "v1", ["name"] = "Variable1", ["typeName"] = "Object" },
                new JsonObject { ["id"] = "v2", ["name"] = "Variable2", ["typeName"] = "Object" }),
        }));

        var instance = await host.StartAsync(id);
        for (var i = 0; i < 5 && (await host.GetAsync(instance.Id)).SubStatus != WorkflowSubStatus.Finished; i++) await host.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(WorkflowSubStatus.Finished, (await host.GetAsync(instance.Id)).SubStatus);
        Assert.Equal(["FooBar"], host.Probe.Executed);
    }
}
