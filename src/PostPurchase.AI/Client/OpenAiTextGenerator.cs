using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace PostPurchase.AI.Client;

/// <summary>
/// Chat completions through the official OpenAI .NET SDK against <c>Ai__BaseUrl</c> (OpenAI, Azure OpenAI's compatible
/// endpoint, Ollama, vLLM, LM Studio). The SDK's retry policy retries 429 and 5xx honouring Retry-After; the whole
/// call, retries included, is bounded by a deadline so a journey never waits on the model for long.
/// </summary>
public sealed class OpenAiTextGenerator(AiSettings settings) : ITextGenerator
{
    private readonly ChatClient? _client = settings.IsConfigured
        ? new ChatClient(settings.Model, new ApiKeyCredential(settings.ApiKey!), new OpenAIClientOptions
        {
            Endpoint = settings.BaseUrl,
            NetworkTimeout = settings.Timeout,
            RetryPolicy = new ClientRetryPolicy(settings.MaxRetries),
        })
        : null;

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        if (_client is null) throw new TextGenerationException("no API key is configured (Ai__ApiKey)");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout * (settings.MaxRetries + 1));
        var messages = request.Messages.Select<ChatTurn, ChatMessage>(m => m.Role switch
        {
            "system" => new SystemChatMessage(m.Content),
            "assistant" => new AssistantChatMessage(m.Content),
            _ => new UserChatMessage(m.Content),
        }).ToList();
        var options = new ChatCompletionOptions { MaxOutputTokenCount = request.MaxOutputTokens, Temperature = 0.7f };
        if (request.JsonOutput) options.ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat();

        try
        {
            ChatCompletion completion = await _client.CompleteChatAsync(messages, options, deadline.Token);
            var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
            if (!string.IsNullOrWhiteSpace(completion.Refusal)) throw new TextGenerationException($"the model refused: {completion.Refusal}");
            return new GenerationResult(text, completion.Usage?.TotalTokenCount ?? 0);
        }
        catch (ClientResultException ex)
        {
            throw new TextGenerationException($"the model answered HTTP {ex.Status}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TextGenerationException($"no answer within {settings.Timeout.TotalSeconds:0.#} s", ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new TextGenerationException($"the model's answer is not a chat completion: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TextGenerationException($"the model could not be reached: {ex.Message}", ex);
        }
    }
}
