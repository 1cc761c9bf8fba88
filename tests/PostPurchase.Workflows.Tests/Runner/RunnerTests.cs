using System.Text.Json.Nodes;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.Workflows.Tests.Runner;

public sealed class RunnerTests : IAsyncLifetime
{
    private readonly EngineHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Linear_flow_runs_each_activity_once_in_order_and_finishes()
    {
        var id = await _host.ImportAsync(new Flow("linear")
            .Add("start", "Elsa.Start").Add("a", "Test.Record", ("label", Literal("A"))).Add("b", "Test.Record", ("label", Literal("B"))).Add("end", "Elsa.End")
            .Connect("start", "a").Connect("a", "b").Connect("b", "end").Build());

        var instance = await _host.StartAsync(id);

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["A", "B"], _host.Probe.Executed);
        var journal = await _host.JournalAsync(instance.Id);
        Assert.Equal(["start", "a", "b", "end"], journal.Where(j => j.EventName == "Completed").Select(j => j.ActivityId));
    }

    [Theory]
    [InlineData(150, "big")]
    [InlineData(50, "small")]
    public async Task Decision_follows_the_branch_its_javascript_condition_selects(int total, string expected)
    {
        var id = await _host.ImportAsync(new Flow("branch")
            .Add("decide", "Elsa.FlowDecision", ("condition", JavaScript("purchase.total > 100")))
            .Add("big", "Test.Record", ("label", Literal("big"))).Add("small", "Test.Record", ("label", Literal("small")))
            .Add("merge", "Test.Record", ("label", Literal("merge")))
            .Connect("decide", "big", "True").Connect("decide", "small", "False").Connect("big", "merge").Connect("small", "merge").Build());

        var instance = await _host.StartAsync(id, new JsonObject { ["purchase"] = new JsonObject { ["total"] = total } });

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal([expected, "merge"], _host.Probe.Executed);
    }

    [Fact]
    public async Task Delay_suspends_until_the_clock_reaches_its_due_time()
    {
        var id = await _host.ImportAsync(new Flow("delay")
            .Add("wait", "Elsa.Delay", ("timeSpan", Literal("2.00:00:00"))).Add("after", "Test.Record", ("label", Literal("after")))
            .Connect("wait", "after").Build());

        var instance = await _host.StartAsync(id);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);

        await _host.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Empty(_host.Probe.Executed);

        await _host.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(["after"], _host.Probe.Executed);
        Assert.Equal(WorkflowSubStatus.Finished, (await _host.GetAsync(instance.Id)).SubStatus);
    }

    [Fact]
    public async Task Event_resumes_with_its_payload_when_raised_before_the_timeout()
    {
        var id = await _host.ImportAsync(EventFlow());
        var instance = await _host.StartAsync(id);

        var resumed = await _host.Runtime.RaiseEventAsync("Delivered", instance.Id, null, new JsonObject { ["carrier"] = "DHL" });

        Assert.Equal(1, resumed);
        Assert.Equal(["got it"], _host.Probe.Executed);
        var finished = await _host.GetAsync(instance.Id);
        Assert.Equal("DHL", finished.State.Outputs["wait"]["Result"]?["carrier"]?.GetValue<string>());
    }

    [Fact]
    public async Task Event_takes_the_timeout_outcome_when_the_event_does_not_come()
    {
        var id = await _host.ImportAsync(EventFlow());
        var instance = await _host.StartAsync(id);

        await _host.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1));

        Assert.Equal(["timed out"], _host.Probe.Executed);
        Assert.Equal(0, await _host.Runtime.RaiseEventAsync("delivered", instance.Id, null, null));
    }

    [Fact]
    public async Task Cancel_by_correlation_stops_the_instance_and_its_timers_never_fire()
    {
        var id = await _host.ImportAsync(new Flow("cancel")
            .Add("wait", "Elsa.Delay", ("timeSpan", Literal("1.00:00:00"))).Add("after", "Test.Record").Connect("wait", "after").Build());
        var instance = await _host.StartAsync(id, correlationId: "order-1");

        Assert.Equal(1, await _host.Runtime.CancelByCorrelationAsync("order-1", "refunded"));
        await _host.AdvanceAsync(TimeSpan.FromDays(2));

        var cancelled = await _host.GetAsync(instance.Id);
        Assert.Equal(WorkflowSubStatus.Cancelled, cancelled.SubStatus);
        Assert.Equal("refunded", cancelled.State.Properties["cancelReason"]?.GetValue<string>());
        Assert.Empty(_host.Probe.Executed);
    }

    [Fact]
    public async Task A_trigger_for_a_cancelled_correlation_starts_nothing()
    {
        var id = await _host.ImportAsync(new Flow("late").Add("a", "Test.Record").Build());
        await _host.Runtime.CancelByCorrelationAsync("order-2", "refunded before purchase was processed");

        var started = await _host.Runtime.DispatchTriggerAsync("Test.Record", new JsonObject(), "order-2", "event-1");

        Assert.Empty(started);
        Assert.Empty(_host.Probe.Executed);
    }

    [Fact]
    public async Task Failing_activity_is_retried_with_backoff_and_then_succeeds()
    {
        _host.Probe.FailuresBeforeSuccess = 2;
        var id = await _host.ImportAsync(new Flow("retry").Add("flaky", "Test.Flaky").Add("after", "Test.Record").Connect("flaky", "after").Build());

        var instance = await _host.StartAsync(id);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);
        await _host.AdvanceAsync(TimeSpan.FromSeconds(10));
        await _host.AdvanceAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(WorkflowSubStatus.Finished, (await _host.GetAsync(instance.Id)).SubStatus);
        Assert.Equal(3, _host.Probe.Attempts.Values.Single());
        Assert.Equal(2, (await _host.JournalAsync(instance.Id)).Count(j => j.EventName == "Retrying"));
    }

    [Fact]
    public async Task Activity_failing_every_attempt_faults_the_instance_with_an_incident_and_can_be_retried()
    {
        _host.Probe.FailuresBeforeSuccess = 3;
        var id = await _host.ImportAsync(new Flow("fault").Add("flaky", "Test.Flaky").Add("after", "Test.Record").Connect("flaky", "after").Build());

        var instance = await _host.StartAsync(id);
        await _host.AdvanceAsync(TimeSpan.FromSeconds(10));
        await _host.AdvanceAsync(TimeSpan.FromSeconds(20));

        var faulted = await _host.GetAsync(instance.Id);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        var incident = Assert.Single(faulted.State.Incidents);
        Assert.Equal("flaky", incident.ActivityId);
        Assert.Contains("boom 3", incident.Message);

        Assert.True(await _host.Runtime.RetryAsync(instance.Id));
        Assert.Equal(WorkflowSubStatus.Finished, (await _host.GetAsync(instance.Id)).SubStatus);
        Assert.Equal(["after"], _host.Probe.Executed);
    }

    [Fact]
    public async Task Running_instances_stay_on_their_version_when_a_new_version_is_published()
    {
        JsonObject Version(int v, string label) => new Flow("pinned", v)
            .Add("wait", "Elsa.Delay", ("timeSpan", Literal("01:00:00"))).Add("say", "Test.Record", ("label", Literal(label))).Connect("wait", "say").Build();
        await _host.ImportAsync(Version(1, "v1"));
        var first = await _host.StartAsync("pinned");

        await _host.ImportAsync(Version(2, "v2"));
        var second = await _host.StartAsync("pinned");
        await _host.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Equal(1, first.DefinitionVersion);
        Assert.Equal(2, second.DefinitionVersion);
        Assert.Equal(["v1", "v2"], _host.Probe.Executed.Order());
    }

    [Fact]
    public async Task Fork_runs_every_branch_and_a_join_waits_for_all_of_them()
    {
        var id = await _host.ImportAsync(new Flow("fork")
            .Add("fork", "Elsa.FlowFork", ("branches", Literal("[\"x\",\"y\"]")))
            .Add("x", "Test.Record", ("label", Literal("x"))).Add("wait", "Elsa.Delay", ("timeSpan", Literal("00:10:00"))).Add("y", "Test.Record", ("label", Literal("y")))
            .Add("join", "Elsa.FlowJoin", ("mode", Literal("WaitAll"))).Add("after", "Test.Record", ("label", Literal("after")))
            .Connect("fork", "x", "x").Connect("fork", "wait", "y").Connect("wait", "y").Connect("x", "join").Connect("y", "join").Connect("join", "after").Build());

        var instance = await _host.StartAsync(id);
        Assert.Equal(["x"], _host.Probe.Executed);
        Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);

        await _host.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(["x", "y", "after"], _host.Probe.Executed);
    }

    [Fact]
    public async Task An_expression_error_faults_with_an_incident_naming_the_activity_and_input()
    {
        var id = await _host.ImportAsync(new Flow("bad-js").Add("say", "Elsa.WriteLine", ("text", JavaScript("nosuchthing.value"))).Build());

        var instance = await _host.StartAsync(id);

        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        var message = Assert.Single(instance.State.Incidents).Message;
        Assert.Contains("'say'", message);
        Assert.Contains("input 'Text'", message);
    }

    private static JsonObject EventFlow() => new Flow("event")
        .Add("wait", "Elsa.Event", ("eventName", Literal("delivered")), ("timeout", Literal("3.00:00:00")))
        .Add("ok", "Test.Record", ("label", Literal("got it"))).Add("late", "Test.Record", ("label", Literal("timed out")))
        .Connect("wait", "ok").Connect("wait", "late", "Timeout").Build();
}
