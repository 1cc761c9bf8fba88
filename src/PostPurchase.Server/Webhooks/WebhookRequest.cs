using PostPurchase.Commerce.Ingestion;

namespace PostPurchase.Server.Webhooks;

/// <summary>Shared pieces of the webhook endpoints: the raw body and the answers.</summary>
internal static class WebhookRequest
{
    /// <summary>Providers send far less; anything bigger is refused before it is buffered.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The exact bytes received (signatures are computed over them), or null when the body is too large.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static IResult TooLarge() => Results.Problem("The body is larger than 1 MiB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult Rejected(ILogger logger, string provider, string failure, int status)
    {
        logger.LogWarning("Rejected {Provider} webhook: {Failure}", provider, failure);
        return Results.Problem("The webhook signature is missing, invalid or too old.", statusCode: status);
    }

    public static IResult Malformed(ILogger logger, string provider, string message)
    {
        logger.LogWarning("Malformed {Provider} webhook with a valid signature: {Error}", provider, message);
        return Results.Problem(message, statusCode: StatusCodes.Status400BadRequest);
    }

    public static IResult Answer(IngestionResult result) =>
        Results.Json(new { status = result.ToString().ToLowerInvariant() });
}
