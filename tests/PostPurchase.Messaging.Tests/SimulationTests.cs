using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Descriptors;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;

namespace PostPurchase.Messaging.Tests;

public sealed class SimulationTests
{
    [Fact]
    public async Task A_simulated_run_records_what_would_be_sent_and_which_rule_acted_without_contacting_providers()
    {
        await using var host = await MessagingHost.StartAsync(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
        var definition = await host.ImportAsync(new Flow("sim")
            .Add("mail", "PostPurchase.SendEmail", ("subject", Flow.Template("Hi {{ Purchase.Customer.FirstName }}")), ("body", Flow.Literal("Thanks")))
            .Add("sms", "PostPurchase.SendSms", ("body", Flow.Literal("Shipped")))
            .Connect("mail", "sms", "Sent"));
        var sp = host.Services;
        var simulator = new WorkflowRuntime(
            sp.GetRequiredService<IWorkflowDefinitionStore>(), sp.GetRequiredService<IWorkflowInstanceStore>(), sp.GetRequiredService<IBookmarkQueue>(),
            sp.GetRequiredService<ActivityRegistry>(), sp, host.Clock, sp.GetRequiredService<WorkflowRuntimeOptions>(), sp.GetRequiredService<ILogger<WorkflowRuntime>>())
        { IsSimulation = true };

        var instance = await simulator.StartAsync(new StartWorkflowRequest { DefinitionId = definition, Input = Purchases.Input(Purchases.Ada(timeZone: "America/Los_Angeles")) });

        Assert.Empty(host.Smtp.Received);
        Assert.Empty(host.Twilio.Requests);
        Assert.Null(await host.SendRecords.FindAsync($"{instance.Id}:mail:1"));
        var recorded = host.Get<ISimulationRecorder>().ForInstance(instance.Id);
        Assert.Equal(2, recorded.Count);
        Assert.Equal((Channel.Email, GatewayStatus.Sent, "Hi Ada"), (recorded[0].Channel, recorded[0].Status, recorded[0].Subject));
        Assert.Equal((Channel.Sms, GatewayStatus.Deferred), (recorded[1].Channel, recorded[1].Status));
        Assert.Contains("quiet hours", recorded[1].Rule);
    }
}
