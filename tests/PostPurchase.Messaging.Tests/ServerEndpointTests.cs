using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Messaging.Gateway;
using PostPurchase.Messaging.Sms;
using PostPurchase.Messaging.Storage;
using PostPurchase.Messaging.Tests.Support;
using PostPurchase.TestSupport.Smtp;
using PostPurchase.TestSupport.Twilio;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Runtime.Stores;
using PostPurchase.Workflows.Scheduling;

namespace PostPurchase.Messaging.Tests;

/// <summary>The server's messaging pages and webhooks, hosted in-process, with mail going to the loopback SMTP server.</summary>
public sealed class ServerEndpointTests : IAsyncLifetime
{
    private const string BaseUrl = "https://shop.example.com";
    private readonly LoopbackSmtpServer _smtp = new();
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        var data = Directory.CreateTempSubdirectory("pp-msg-server-").FullName;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Data:Directory", data);
            b.UseSetting("Worker:Enabled", "false");
            b.UseSetting("PublicBaseUrl", BaseUrl);
            b.UseSetting("Smtp:Host", _smtp.Host);
            b.UseSetting("Smtp:Port", _smtp.Port.ToString());
            b.UseSetting("Email:From", "Shop <shop@shop.example.com>");
            b.UseSetting("Twilio:BaseUrl", "http://127.0.0.1:9"); // never called here
            b.UseSetting("Twilio:AccountSid", TwilioStandIn.AccountSid);
            b.UseSetting("Twilio:AuthToken", TwilioStandIn.AuthToken);
            b.UseSetting("Twilio:From", "+15005550006");
            b.UseSetting("Auth:ApiKeys", "test-api-key");
            b.UseSetting("Store:LegalName", "Shop Ltd");
            b.UseSetting("Store:PostalAddress", "1 Shop Street, Shopville");
        });
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(BaseUrl), AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private async Task<WorkflowInstance> RunAsync(Flow flow)
    {
        var definition = (await Get<WorkflowDefinitionService>().ImportAsync(flow.Build(), "test")).DefinitionId;
        return await Get<WorkflowRuntime>().StartAsync(new StartWorkflowRequest { DefinitionId = definition, Input = Purchases.Input(Purchases.Ada()) });
    }

    [Fact]
    public async Task The_unsubscribe_page_asks_first_and_the_one_click_post_unsubscribes()
    {
        await RunAsync(new Flow("promo").Add("mail", "PostPurchase.SendEmail",
            ("subject", Flow.Literal("Sale")), ("body", Flow.Literal("50% off")), ("category", Flow.Literal("marketing"))));
        var link = Regex.Match(Assert.Single(await _smtp.WaitForAsync(1)).Parse().Header("List-Unsubscribe")!, "<(.+)>").Groups[1].Value;
        var path = new Uri(link).AbsolutePath;

        var page = await _client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\">", html);
        Assert.Contains("a***@example.com", html);
        Assert.Null(await Get<IConsentStore>().GetCurrentAsync(Channel.Email, "ada@example.com")); // a GET changes nothing

        var bad = await _client.PostAsync(path + "x", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var oneClick = await _client.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        var state = await Get<IConsentStore>().GetCurrentAsync(Channel.Email, "ada@example.com");
        Assert.Equal((ConsentStatus.OptedOut, "one-click"), (state!.Status, state.Source));
    }

    [Fact]
    public async Task The_review_page_takes_five_stars_and_the_workflow_resumes_on_positive()
    {
        var instance = await RunAsync(new Flow("review").Add("ask", "PostPurchase.ReviewRequest",
            ("category", Flow.Literal("transactional")), ("publicReviewUrl", Flow.Literal("https://reviews.example.com/shop"))));
        var text = Assert.Single(await _smtp.WaitForAsync(1)).Parse().Part("text/plain")!.Text;
        var path = new Uri(Regex.Match(text, @"https://shop\.example\.com/review/\S+?(?=\)|\s|$)").Value).AbsolutePath;

        var page = await _client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Equal(5, Regex.Matches(html, "type=\"radio\" id=\"r\\d\" name=\"rating\"").Count);
        Assert.Contains("aria-label=\"5 stars out of 5\"", html);
        Assert.Contains("<label for=\"comment\">", html);

        var invalid = await _client.PostAsync(path, new FormUrlEncodedContent([new("rating", "9")]));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var submit = await _client.PostAsync(path, new FormUrlEncodedContent([new("rating", "5"), new("comment", "Superb <b>engine</b>")]));
        var thanks = await submit.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        Assert.Contains("https://reviews.example.com/shop", thanks);

        var anonymous = await _client.GetAsync("/api/reviews");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var listing = new HttpRequestMessage(HttpMethod.Get, "/api/reviews");
        listing.Headers.TryAddWithoutValidation("Authorization", "ApiKey test-api-key");
        var reviews = System.Text.Json.Nodes.JsonNode.Parse(await (await _client.SendAsync(listing)).Content.ReadAsStringAsync())!["items"]!.AsArray();
        Assert.Equal((5, "Superb <b>engine</b>", true), (reviews.Single()!["rating"]!.GetValue<int>(), reviews.Single()!["comment"]!.GetValue<string>(), reviews.Single()!["isPositive"]!.GetValue<bool>()));

        await Get<WorkflowWorker>().DrainAsync();
        var finished = (await Get<IWorkflowInstanceStore>().FindAsync(instance.Id))!;
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
        var journal = (await Get<IWorkflowInstanceStore>().GetJournalAsync(instance.Id, 0, 1000)).Items;
        Assert.Equal("Positive", journal.Last(e => e.ActivityId == "ask" && e.EventName == JournalEvents.Completed).Message);
    }

    [Fact]
    public async Task The_inbound_webhook_checks_the_signature_against_the_public_url_and_records_stop()
    {
        var form = TwilioForms.Inbound("STOP", optOutType: "STOP");
        var signature = TwilioSigner.Compute(TwilioStandIn.AuthToken, BaseUrl + "/webhooks/twilio/inbound", form);

        var forged = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/inbound") { Content = new FormUrlEncodedContent(form) };
        forged.Headers.Add("X-Twilio-Signature", TwilioSigner.Compute("wrong-token", BaseUrl + "/webhooks/twilio/inbound", form));
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.SendAsync(forged)).StatusCode);
        Assert.Null(await Get<IConsentStore>().GetCurrentAsync(Channel.Sms, TwilioForms.Customer));

        var genuine = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/inbound") { Content = new FormUrlEncodedContent(form) };
        genuine.Headers.Add("X-Twilio-Signature", signature);
        var response = await _client.SendAsync(genuine);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<Response></Response>", await response.Content.ReadAsStringAsync());
        Assert.Equal(ConsentStatus.OptedOut, (await Get<IConsentStore>().GetCurrentAsync(Channel.Sms, TwilioForms.Customer))!.Status);
    }
}
