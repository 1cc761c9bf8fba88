using Xunit.Abstractions;

namespace PostPurchase.Fault.Tests;

/// <summary>
/// The CI variant of the fault test (500 journeys, three replicas, a SIGKILL every few seconds). tests/fault/run.sh
/// runs the same scenario with 10,000 journeys.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    /// <summary>The default <c>Worker__Parallelism</c>: the most steps a replica has in flight when it is killed.</summary>
    private const int WorkerParallelism = 64;

    [Fact]
    public async Task Replicas_killed_at_random_lose_no_journey_and_send_nothing_twice()
    {
        var options = FaultOptions.FromEnvironment();
        var report = await new FaultScenario(options, output.WriteLine).RunAsync();
        output.WriteLine(report.ToString());
        Console.WriteLine("FAULT " + report);

        Assert.True(report.Kills > 0, "the scenario killed no replica");
        Assert.Equal(report.DistinctEventsSent, report.InboxEvents);
        Assert.Equal(0, report.Missing);
        Assert.Equal(0, report.Duplicated);
        // SMTP cannot be asked what it already accepted: a kill between the server accepting an email and our commit
        // resends it with the same Message-ID. Each kill can interrupt at most the sends in flight on that replica.
        Assert.InRange(report.Resent, 0, report.Kills * WorkerParallelism);
        Assert.Equal(0, report.UnexpectedAfterRefund);
        Assert.Equal(0, report.Stuck);
        Assert.Equal(report.Expected, report.Received);
    }
}
