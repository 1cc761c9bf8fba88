namespace PostPurchase.AI.Client;

public sealed record ChatTurn(string Role, string Content);

/// <param name="JsonOutput">Ask the model for a JSON object (OpenAI's json_object response format).</param>
public sealed record GenerationRequest(IReadOnlyList<ChatTurn> Messages, int MaxOutputTokens, bool JsonOutput);

public sealed record GenerationResult(string Text, int TotalTokens);

/// <summary>An OpenAI-compatible chat model. Throws <see cref="TextGenerationException"/> when no usable answer came back.</summary>
public interface ITextGenerator
{
    Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken);
}

/// <summary>The model could not answer (timeout, rate limit or server error after retries, refusal).</summary>
public sealed class TextGenerationException(string message, Exception? inner = null) : Exception(message, inner);
