using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace PostPurchase.AI.Client;

/// <summary>
/// Chat completions through Semantic Kernel's OpenAI connector. OpenAI, Azure OpenAI (its v1 API) and OpenAI-compatible
/// servers (Ollama, vLLM, LM Studio) differ only in <see cref="AiSettings"/>. The messages go in as a chat history —
/// no prompt template, so customer text is never HTML-encoded or interpreted. The client's retry policy retries 429 and
/// 5xx up to <see cref="AiSettings.MaxRetries"/> times honouring Retry-After; each try is bounded by
/// <see cref="AiSettings.Timeout"/> and the whole call by the timeout times (retries + 1).
/// </summary>
public sealed class SemanticKernelTextGenerator(AiSettings settings) : ITextGenerator
{
    private readonly IChatCompletionService? _chat = settings.IsConfigured ? new OpenAIChatCompletionService(settings.Model, Client(settings)) : null;

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        if (_chat is null) throw new TextGenerationException("no API key is configured (Ai__ApiKey)");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout * (settings.MaxRetries + 1));
        var history = new ChatHistory();
        foreach (var turn in request.Messages)
            history.AddMessage(turn.Role switch { "system" => AuthorRole.System, "assistant" => AuthorRole.Assistant, _ => AuthorRole.User }, turn.Content);
        var execution = new OpenAIPromptExecutionSettings
        {
            MaxTokens = request.MaxOutputTokens,
            Temperature = 0.7,
            ResponseFormat = request.JsonOutput ? "json_object" : null,
        };

        try
        {
            var answer = await _chat.GetChatMessageContentAsync(history, execution, kernel: null, deadline.Token);
            var completion = answer.InnerContent as OpenAI.Chat.ChatCompletion;
            if (!string.IsNullOrWhiteSpace(completion?.Refusal)) throw new TextGenerationException($"the model refused: {completion.Refusal}");
            return new GenerationResult(answer.Content ?? "", completion?.Usage?.TotalTokenCount ?? 0);
        }
        catch (HttpOperationException ex)
        {
            throw new TextGenerationException(ex.StatusCode is { } status ? $"the model answered HTTP {(int)status}" : $"the model could not be reached: {ex.Message}", ex);
        }
        catch (ClientResultException ex)
        {
            throw new TextGenerationException($"the model answered HTTP {ex.Status}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TextGenerationException($"no answer within {settings.Timeout.TotalSeconds:0.#} s", ex);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KernelException or InvalidOperationException or FormatException)
        {
            throw new TextGenerationException($"the model's answer is not a chat completion: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TextGenerationException($"the model could not be reached: {ex.Message}", ex);
        }
    }

    /// <summary>The OpenAI client Semantic Kernel drives: endpoint, key, per-try timeout and Retry-After-honouring retries.</summary>
    private static OpenAIClient Client(AiSettings settings)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = settings.Endpoint,
            NetworkTimeout = settings.Timeout,
            RetryPolicy = new ClientRetryPolicy(settings.MaxRetries),
        };
        // Azure OpenAI's v1 API takes the key as a bearer token; older Azure gateways read it from api-key.
        if (settings.Provider == AiProvider.AzureOpenAI) options.AddPolicy(new HeaderPolicy("api-key", settings.ApiKey!), PipelinePosition.PerCall);
        return new OpenAIClient(new ApiKeyCredential(settings.ApiKey!), options);
    }

    private sealed class HeaderPolicy(string name, string value) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
