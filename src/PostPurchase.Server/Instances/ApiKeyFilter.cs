using System.Security.Cryptography;
using System.Text;

namespace PostPurchase.Server.Instances;

/// <summary>
/// Requires <c>Authorization: ApiKey &lt;key&gt;</c> with a key from <c>Auth__ApiKeys</c> (comma-separated).
/// With no keys configured every request is refused: the automation API is never open.
/// </summary>
public sealed class ApiKeyFilter(IConfiguration configuration) : IEndpointFilter
{
    private readonly byte[][] _keys = (configuration["Auth:ApiKeys"] ?? "")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(Encoding.UTF8.GetBytes).ToArray();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "ApiKey ";
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
            if (_keys.Any(k => CryptographicOperations.FixedTimeEquals(k, presented))) return next(context);
        }

        return ValueTask.FromResult<object?>(Results.Unauthorized());
    }
}
