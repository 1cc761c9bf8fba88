using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PostPurchase.Server.Tests.Infrastructure;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Server.Tests.Messaging;

/// <summary>The hosted review page in headless Chromium: five stars, submit, and the waiting ReviewRequest resumes on Positive.</summary>
public sealed class ReviewPageBrowserTests : IAsyncLifetime
{
    private StudioTestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _host = new StudioTestHost(kestrel: true);
        (_playwright, _browser) = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Five_stars_submitted_in_the_browser_resume_the_journey_on_positive()
    {
        await _host.Services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(JsonNode.Parse("""
            {"definitionId":"ask","version":1,"name":"Ask","root":{"type":"Elsa.Flowchart","id":"Flowchart1","activities":[
              {"id":"review","type":"PostPurchase.ReviewRequest","version":1,
               "channel":{"typeName":"String","expression":{"type":"Literal","value":"email"}},
               "publicReviewUrl":{"typeName":"String","expression":{"type":"Literal","value":"https://reviews.example.com/mug"}}}],
             "connections":[]}}
            """)!.AsObject(), "test");
        var runtime = _host.Services.GetRequiredService<WorkflowRuntime>();
        var instance = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = "ask",
            Input = new JsonObject { ["purchase"] = new JsonObject { ["provider"] = "generic", ["orderId"] = "R-1", ["customer"] = new JsonObject { ["email"] = "ada@example.com", ["name"] = "Ada Lovelace" } } },
        });
        var link = (string?)instance.State.Variables["ReviewUrl"] ?? throw new InvalidOperationException("no review link");

        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(_host.BaseAddress, new Uri(link).PathAndQuery).ToString());
        await page.ClickAsync("label[for=r5]");
        await page.FillAsync("#comment", "Lovely mug");
        await page.ClickAsync("button[type=submit]");
        await page.GetByText("Thank you!").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal("https://reviews.example.com/mug", await page.GetByText("Write a public review").GetAttributeAsync("href"));

        await _host.Services.GetRequiredService<WorkflowWorker>().DrainAsync();
        var journal = (await _host.Services.GetRequiredService<IWorkflowInstanceStore>().GetJournalAsync(instance.Id, 0, 100)).Items;
        Assert.Contains(journal, j => j.ActivityId == "review" && j.EventName == "Completed" && j.Message == "Positive");
    }
}
