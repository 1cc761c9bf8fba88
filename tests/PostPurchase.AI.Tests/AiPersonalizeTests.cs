using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.AI;
using PostPurchase.AI.Activities;
using PostPurchase.TestSupport.OpenAi;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Tests.Support;
using static PostPurchase.Workflows.Tests.Support.Flow;

namespace PostPurchase.AI.Tests;

/// <summary>AiPersonalize in a real engine against an OpenAI-compatible stand-in on loopback, answering as scripted.</summary>
public sealed class AiPersonalizeTests : IAsyncLifetime
{
    private OpenAiStandIn _model = null!;

    private static readonly JsonObject PurchaseInput = new()
    {
        ["purchase"] = new JsonObject
        {
            ["provider"] = "stripe", ["orderId"] = "o-1", ["totalMinor"] = 8900, ["currency"] = "GBP",
            ["customer"] = new JsonObject { ["name"] = "Ada Lovelace", ["email"] = "ada@example.com", ["phone"] = "+442079460018", ["locale"] = "en-GB" },
            ["items"] = new JsonArray(new JsonObject { ["name"] = "Photography Masterclass", ["quantity"] = 1, ["unitPriceMinor"] = 8900 }),
        },
    };

    public async Task InitializeAsync() => _model = await OpenAiStandIn.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    private EngineHost Host(string? apiKey = "sk-test", int timeoutSeconds = 5, int maxRetries = 2, int budget = 4000) => new(configure: services => services.AddAi(new AiSettings
    {
        BaseUrl = new Uri(_model.BaseUrl), ApiKey = apiKey, Model = "test-model", Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        MaxRetries = maxRetries, MaxTokensPerRun = budget,
    }));

    /// <summary>A host configured the way an operator would: through the <c>Ai</c> section.</summary>
    private static EngineHost ConfiguredHost(params (string Key, string Value)[] settings) => new(configure: services => services.AddAi(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create("Ai:" + s.Key, (string?)s.Value))).Build()));

    private static JsonObject OfferFlow(string? outputFields = null)
    {
        var inputs = new List<(string, JsonNode?)>
        {
            ("instruction", Template("Thank {{ purchase.customer.name }} and offer the code SAVE10.")),
            ("fallback", Template("Thanks for your order! Use SAVE10 for 10% off.")),
            ("requiredTokens", Literal("SAVE10")),
            ("maxCharacters", Literal(200)),
        };
        if (outputFields is not null) inputs.Add(("outputFields", Literal(outputFields)));
        return new Flow("offer")
            .Add("ai", "PostPurchase.AiPersonalize", inputs.ToArray())
            .Add("personalized", "Test.Record", ("label", Template("ai: {{ Activities.ai.Text }}")))
            .Add("fallback", "Test.Record", ("label", Template("fallback: {{ Activities.ai.Text }}")))
            .Connect("ai", "personalized", "Personalized")
            .Connect("ai", "fallback", "Fallback")
            .Build();
    }

    private static async Task<(WorkflowInstance Instance, string Recorded)> RunAsync(EngineHost host, JsonObject flow)
    {
        await host.ImportAsync(flow);
        var instance = await host.StartAsync("offer", PurchaseInput.DeepClone().AsObject(), "o-1");
        var journal = await host.JournalAsync(instance.Id);
        Assert.True(host.Probe.Executed.Count == 1, "journal: " + string.Join(" | ", journal.Select(j => $"{j.ActivityId} {j.EventName} {j.Message}")));
        return (await host.GetAsync(instance.Id), host.Probe.Executed.Single());
    }

    [Fact]
    public async Task A_good_answer_is_used_and_the_request_carries_no_email_or_phone()
    {
        _model.Then(new ScriptedAnswer.Text("Dear Ada, thank you! Here is SAVE10 for your next course.", TotalTokens: 57));
        await using var host = Host();

        var (instance, recorded) = await RunAsync(host, OfferFlow());

        Assert.Equal("ai: Dear Ada, thank you! Here is SAVE10 for your next course.", recorded);
        Assert.Equal(57, (int?)instance.State.Properties[AiPersonalize.TokensProperty]);
        var request = Assert.Single(_model.Requests);
        Assert.Equal("test-model", (string?)request["model"]);
        var body = request.ToJsonString();
        Assert.Contains("Photography Masterclass", body);
        Assert.Contains("Thank Ada Lovelace", body);
        Assert.DoesNotContain("ada@example.com", body);
        Assert.DoesNotContain("2079460018", body);
        Assert.Contains(await host.JournalAsync(instance.Id), j => j.EventName == JournalEvents.Note && j.Message!.Contains("AI Personalize: ai"));
    }

    [Fact]
    public async Task An_answer_missing_the_code_is_retried_once_with_the_reason()
    {
        _model.Then(new ScriptedAnswer.Text("Thank you, Ada!"), new ScriptedAnswer.Text("Thank you, Ada! Use SAVE10 next time."));
        await using var host = Host();

        var (_, recorded) = await RunAsync(host, OfferFlow());

        Assert.Equal("ai: Thank you, Ada! Use SAVE10 next time.", recorded);
        Assert.Equal(2, _model.Requests.Count);
        Assert.Contains("must contain \\u0022SAVE10\\u0022", _model.Requests[1].ToJsonString());
    }

    [Theory]
    [InlineData("Thank you, Ada!", "Thank you again!")]
    [InlineData("Use SAVE10 at https://evil.example.com/win", "Use SAVE10 at https://evil.example.com/win")]
    [InlineData("Hi [first name], use SAVE10", "Hi {{ name }}, use SAVE10")]
    public async Task Answers_failing_the_checks_twice_take_the_fallback(string first, string second)
    {
        _model.Then(new ScriptedAnswer.Text(first), new ScriptedAnswer.Text(second));
        await using var host = Host();

        var (instance, recorded) = await RunAsync(host, OfferFlow());

        Assert.Equal("fallback: Thanks for your order! Use SAVE10 for 10% off.", recorded);
        Assert.Equal(2, _model.Requests.Count);
        Assert.Equal("fallback", (string?)instance.State.Outputs["ai"]!["Source"]);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_after_the_time_asked_for_and_then_succeeds()
    {
        // Without Retry-After the client's first retry comes after at most about a second; the model asks for two.
        _model.Then(new ScriptedAnswer.Status(429, RetryAfterSeconds: "2"), new ScriptedAnswer.Text("Ada, SAVE10 is yours."));
        await using var host = Host();

        var (_, recorded) = await RunAsync(host, OfferFlow());

        Assert.Equal("ai: Ada, SAVE10 is yours.", recorded);
        var received = _model.Received;
        Assert.Equal(2, received.Count);
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {(received[1].At - received[0].At).TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Text_goes_to_the_model_as_written_never_html_encoded()
    {
        const string instruction = "Thank <b>Tom & Jerry's</b> \"team\" for {{ order }} and offer SAVE10.";
        _model.Then(new ScriptedAnswer.Text("Thanks, Tom & Jerry! SAVE10 is yours."));
        await using var host = Host();
        var flow = new Flow("offer")
            .Add("ai", "PostPurchase.AiPersonalize", ("instruction", Literal(instruction)), ("fallback", Literal("Use SAVE10")), ("requiredTokens", Literal("SAVE10")))
            .Add("personalized", "Test.Record", ("label", Template("ai: {{ Activities.ai.Text }}")))
            .Connect("ai", "personalized", "Personalized")
            .Build();

        var (_, recorded) = await RunAsync(host, flow);

        var messages = Assert.Single(_model.Requests)["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => (string?)m!["role"]));
        Assert.StartsWith(instruction + "\n", (string?)messages[1]!["content"]);
        Assert.DoesNotContain("&amp;", _model.Requests[0].ToJsonString());
        Assert.Contains("Tom & Jerry", recorded);
    }

    [Fact]
    public async Task Azure_openai_is_configuration_the_deployment_at_the_resources_v1_api_with_its_key()
    {
        _model.Then(new ScriptedAnswer.Text("Ada, SAVE10 is yours."));
        await using var host = ConfiguredHost(("Provider", "AzureOpenAI"), ("BaseUrl", _model.Origin), ("Model", "my-deployment"), ("ApiKey", "azure-key"));

        var (_, recorded) = await RunAsync(host, OfferFlow());

        Assert.Equal("ai: Ada, SAVE10 is yours.", recorded);
        var request = Assert.Single(_model.Received);
        Assert.Equal(("/openai/v1/chat/completions", "my-deployment"), (request.Path, (string?)request.Body["model"]));
        Assert.Equal(("Bearer azure-key", "azure-key"), (request.Authorization, request.ApiKey));
    }

    [Fact]
    public async Task An_openai_compatible_server_is_configuration_too()
    {
        _model.Then(new ScriptedAnswer.Text("Ada, SAVE10 is yours."));
        await using var host = ConfiguredHost(("BaseUrl", _model.BaseUrl), ("Model", "llama3.2"), ("ApiKey", "ollama"));

        var (_, recorded) = await RunAsync(host, OfferFlow());

        Assert.Equal("ai: Ada, SAVE10 is yours.", recorded);
        var request = Assert.Single(_model.Received);
        Assert.Equal(("/v1/chat/completions", "llama3.2", "Bearer ollama", null), (request.Path, (string?)request.Body["model"], request.Authorization, request.ApiKey));
    }

    [Theory]
    [InlineData("Provider", "Anthropic", "Ai__Provider")]
    [InlineData("Provider", "AzureOpenAI", "Ai__BaseUrl")]
    [InlineData("BaseUrl", "ftp://models.example.com", "Ai__BaseUrl")]
    [InlineData("MaxRetries", "-1", "Ai__MaxRetries")]
    public void Bad_settings_are_refused_with_the_settings_name(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Ai:" + key, (string?)value)]).Build();
        Assert.Contains(named, Assert.Throws<InvalidOperationException>(() => AiSettings.Read(configuration)).Message);
    }

    [Fact]
    public async Task Server_errors_after_the_retries_take_the_fallback()
    {
        _model.Otherwise = new ScriptedAnswer.Status(500);
        await using var host = Host(maxRetries: 1);

        var (instance, recorded) = await RunAsync(host, OfferFlow());

        Assert.StartsWith("fallback:", recorded);
        Assert.Equal(2, _model.Requests.Count);
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Contains(await host.JournalAsync(instance.Id), j => j.EventName == JournalEvents.Note && j.Message!.Contains("the model answered HTTP 500"));
    }

    [Fact]
    public async Task A_model_that_hangs_past_the_timeout_takes_the_fallback()
    {
        _model.Then(new ScriptedAnswer.Hang());
        await using var host = Host(timeoutSeconds: 1, maxRetries: 0);

        var (instance, recorded) = await RunAsync(host, OfferFlow());

        Assert.StartsWith("fallback:", recorded);
        Assert.Contains(await host.JournalAsync(instance.Id), j => j.EventName == JournalEvents.Note && j.Message!.Contains("no answer within 1 s"));
    }

    [Fact]
    public async Task Without_an_api_key_the_model_is_never_called()
    {
        await using var host = Host(apiKey: null);

        var (_, recorded) = await RunAsync(host, OfferFlow());

        Assert.Equal("fallback: Thanks for your order! Use SAVE10 for 10% off.", recorded);
        Assert.Empty(_model.Requests);
    }

    [Fact]
    public async Task A_spent_token_budget_takes_the_fallback_without_calling()
    {
        _model.Then(new ScriptedAnswer.Text("Ada, SAVE10 is yours.", TotalTokens: 500));
        await using var host = Host(budget: 400);
        await host.ImportAsync(new Flow("twice")
            .Add("first", "PostPurchase.AiPersonalize", ("instruction", Literal("Offer SAVE10")), ("fallback", Literal("Use SAVE10")), ("requiredTokens", Literal("SAVE10")))
            .Add("second", "PostPurchase.AiPersonalize", ("instruction", Literal("Offer SAVE10")), ("fallback", Literal("Use SAVE10")), ("requiredTokens", Literal("SAVE10")))
            .Connect("first", "second", "Personalized")
            .Build());

        var instance = await host.GetAsync((await host.StartAsync("twice", PurchaseInput.DeepClone().AsObject())).Id);

        Assert.Single(_model.Requests);
        Assert.Equal("ai", (string?)instance.State.Outputs["first"]!["Source"]);
        Assert.Equal("fallback", (string?)instance.State.Outputs["second"]!["Source"]);
        Assert.Equal(500, (int?)instance.State.Properties[AiPersonalize.TokensProperty]);
    }

    [Fact]
    public async Task Output_fields_give_a_checked_json_object()
    {
        _model.Then(
            new ScriptedAnswer.Text("""{"subject":"A gift"}"""),
            new ScriptedAnswer.Text("""{"subject":"A gift for Ada","body":"Use SAVE10 this week."}"""));
        await using var host = Host();

        var (instance, _) = await RunAsync(host, OfferFlow(outputFields: "subject, body"));

        var text = instance.State.Outputs["ai"]!["Text"]!.AsObject();
        Assert.Equal(("A gift for Ada", "Use SAVE10 this week."), ((string?)text["subject"], (string?)text["body"]));
        Assert.Contains("lacks the string field(s) body", _model.Requests[1].ToJsonString());
    }
}
