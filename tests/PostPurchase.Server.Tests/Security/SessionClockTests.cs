using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Clock;

namespace PostPurchase.Server.Tests.Security;

/// <summary>
/// The registered TimeProvider is the workflow clock (Clock__Speed accelerates it); Studio sessions and tokens must
/// run on real time, or a sped-up server signs everyone out within a second.
/// </summary>
public sealed class SessionClockTests
{
    [Fact]
    public async Task A_Studio_session_outlives_days_of_workflow_time()
    {
        var workflowClock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = new StudioTestHost(services: s => s.AddSingleton<TimeProvider>(workflowClock));
        var client = host.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await host.SignInAsync(client)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/studio/")).StatusCode);

        workflowClock.Advance(TimeSpan.FromDays(3)); // three workflow days pass in no real time

        var page = await client.GetAsync("/studio/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = StudioTestHost.AccessToken().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        using var api = host.Client();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/elsa/api/workflow-definitions")).StatusCode);
    }
}
