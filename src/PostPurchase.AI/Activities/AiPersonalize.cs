using System.Text.Json;
using System.Text.Json.Nodes;
using PostPurchase.AI.Client;
using PostPurchase.AI.Guardrails;
using PostPurchase.Workflows.Activities;
using PostPurchase.Workflows.Reporting;

namespace PostPurchase.AI.Activities;

/// <summary>
/// Writes personalised copy with an OpenAI-compatible model, checked by guardrails; anything wrong (no key, timeout,
/// rate limit, an answer that fails the checks twice, the token budget spent) takes the Fallback text instead, so the
/// journey never stalls or faults because of the AI step. The result is kept per execution: a resume never asks twice.
/// </summary>
[Activity("PostPurchase", "AI", "Writes personalised copy with an AI model (OpenAI-compatible), with guardrails and a fallback text.", DisplayName = "AI Personalize")]
[Outcomes("Personalized", "Fallback")]
public sealed class AiPersonalize(ITextGenerator generator, AiSettings settings, AiKeyNotice keyNotice, ILogger<AiPersonalize> logger) : Activity
{
    public const string TokensProperty = "aiTokens";
    private const string ResultKey = "result";

    [Input(Description = "What to write: purpose, tone, length (Handlebars template).", UIHint = UIHints.MultiLine, DefaultSyntax = "Handlebars", Order = 1)]
    public Input<string> Instruction { get; set; } = new();

    [Input(Description = "The text used when the model is unavailable or its answer fails the checks (Handlebars template). Must read well on its own.",
        UIHint = UIHints.MultiLine, DefaultSyntax = "Handlebars", Order = 2)]
    public Input<string> Fallback { get; set; } = new();

    [Input(Description = "Words that must appear verbatim, comma-separated (e.g. {{ Store.DiscountCode }}, a review link).", DefaultSyntax = "Handlebars", Order = 3)]
    public Input<string> RequiredTokens { get; set; } = new();

    [Input(Description = "Maximum length of the text in characters.", DefaultValue = 600, Order = 4)]
    public Input<int?> MaxCharacters { get; set; } = new();

    [Input(Description = "The facts the model may use (JSON object). Empty: first name, product names, order total and locale — never email, phone or address.",
        UIHint = UIHints.MultiLine, DefaultSyntax = "Object", Order = 5)]
    public Input<JsonObject> Context { get; set; } = new();

    [Input(DisplayName = "Output fields", Description = "Ask for a JSON object with these string fields, comma-separated (e.g. subject, body). Empty: plain text.", Order = 6)]
    public Input<string> OutputFields { get; set; } = new();

    [Output(Description = "The text (or, with output fields, the JSON object).")]
    public Output<JsonNode> Text { get; set; } = new();

    [Output(Description = "ai or fallback.")]
    public Output<string> Source { get; set; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.ActivityState[ResultKey] is JsonObject kept) return Finish(context, kept["text"]?.DeepClone(), kept["source"]!.ToString());

        var fallback = await context.GetAsync(Fallback) ?? "";
        var fields = Split(await context.GetAsync(OutputFields));
        var rules = new OutputRules(
            await context.GetAsync(MaxCharacters) ?? 600,
            Split(await context.GetAsync(RequiredTokens)),
            new HashSet<string>(StringComparer.Ordinal),
            fields.Count > 0 ? fields : null);
        var facts = (string.IsNullOrWhiteSpace(Context.Expression?.Text) ? null : await context.GetAsync(Context))
            ?? PersonalizationContext.FromWorkflowInput(context.WorkflowInput);
        var instruction = await context.GetAsync(Instruction) ?? "";
        var allowed = (HashSet<string>)rules.AllowedUrls;
        foreach (var url in OutputGuard.Urls(instruction + "\n" + facts.ToJsonString() + "\n" + string.Join("\n", rules.RequiredTokens))) allowed.Add(url);

        var tokensBefore = (int?)context.InstanceProperties[TokensProperty] ?? 0;
        var (text, source, note) = await GenerateAsync(context, instruction, facts, rules, fallback);
        var tokens = ((int?)context.InstanceProperties[TokensProperty] ?? 0) - tokensBefore;
        context.RecordEvent(source == "ai" ? JourneyEventKinds.AiGenerated : JourneyEventKinds.AiFallback, source == "ai" ? null : note, tokens);
        context.AddJournalNote($"AI Personalize: {source} ({note})", new JsonObject { ["source"] = source, ["tokens"] = (int?)context.InstanceProperties[TokensProperty] ?? 0 });
        context.ActivityState[ResultKey] = new JsonObject { ["text"] = text?.DeepClone(), ["source"] = source };
        return Finish(context, text, source);
    }

    private async Task<(JsonNode? Text, string Source, string Note)> GenerateAsync(
        ActivityExecutionContext context, string instruction, JsonObject facts, OutputRules rules, string fallback)
    {
        JsonNode Fallen() => rules.RequiredFields is { } f ? FallbackObject(fallback, f) : JsonValue.Create(fallback);
        if (context.IsSimulation) return (Fallen(), "fallback", "simulation: the model is not called");
        if (!settings.IsConfigured)
        {
            keyNotice.Once(logger);
            return (Fallen(), "fallback", "no Ai__ApiKey configured");
        }

        var spent = (int?)context.InstanceProperties[TokensProperty] ?? 0;
        if (settings.MaxTokensPerRun > 0 && spent >= settings.MaxTokensPerRun)
            return (Fallen(), "fallback", $"token budget spent ({spent} of {settings.MaxTokensPerRun})");

        var messages = new List<ChatTurn> { new("system", SystemPrompt(rules)), new("user", $"{instruction}\n\nFacts (JSON):\n{facts.ToJsonString()}") };
        string? problem = null;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            GenerationResult answer;
            try
            {
                answer = await generator.GenerateAsync(new GenerationRequest(messages, MaxOutputTokens(rules), rules.RequiredFields is not null), context.CancellationToken);
            }
            catch (TextGenerationException ex)
            {
                logger.LogWarning("AI Personalize in {InstanceId}: {Reason}; using the fallback", context.WorkflowInstanceId, ex.Message);
                return (Fallen(), "fallback", ex.Message);
            }

            spent += answer.TotalTokens;
            context.InstanceProperties[TokensProperty] = spent;
            problem = OutputGuard.Validate(answer.Text.Trim(), rules, out var parsed);
            if (problem is null) return (parsed is not null ? parsed : JsonValue.Create(answer.Text.Trim()), "ai", $"attempt {attempt}, {answer.TotalTokens} tokens");

            messages.Add(new ChatTurn("assistant", answer.Text));
            messages.Add(new ChatTurn("user", $"That answer cannot be used: {problem}. Write it again, fixing this."));
        }

        logger.LogWarning("AI Personalize in {InstanceId}: the answer failed the checks twice ({Problem}); using the fallback", context.WorkflowInstanceId, problem);
        return (Fallen(), "fallback", $"answer rejected: {problem}");
    }

    private ActivityResult Finish(ActivityExecutionContext context, JsonNode? text, string source)
    {
        context.Set(Text, text!);
        context.Set(Source, source);
        return ActivityResult.Outcome(source == "ai" ? "Personalized" : "Fallback");
    }

    private static string SystemPrompt(OutputRules rules)
    {
        var lines = new List<string>
        {
            "You write short customer messages for an online shop. Use only the facts given; never invent prices, dates, links or promises.",
            $"At most {rules.MaxCharacters} characters. No placeholders: write the final text.",
            "Do not include any link other than those in the instruction or facts.",
        };
        if (rules.RequiredTokens.Count > 0) lines.Add($"Include exactly, unchanged: {string.Join(", ", rules.RequiredTokens)}.");
        lines.Add(rules.RequiredFields is { } fields
            ? $"Answer with one JSON object with the string fields {string.Join(", ", fields)} and nothing else."
            : "Answer with the message text only (Markdown allowed), no preamble.");
        return string.Join("\n", lines);
    }

    private static int MaxOutputTokens(OutputRules rules) => Math.Clamp(rules.MaxCharacters / 2, 64, 2000);

    private static JsonObject FallbackObject(string fallback, IReadOnlyList<string> fields)
    {
        try
        {
            if (JsonNode.Parse(fallback) is JsonObject parsed) return parsed;
        }
        catch (JsonException)
        {
        }

        return new JsonObject(fields.Select(f => KeyValuePair.Create(f, (JsonNode?)fallback)));
    }

    private static List<string> Split(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
