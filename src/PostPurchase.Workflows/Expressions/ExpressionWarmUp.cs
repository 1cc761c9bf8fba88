using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// Runs one JavaScript and one template evaluation at start-up so that the interpreters' one-off costs (type loading,
/// JIT, Jint's realm set-up, Fluid's parser) are not paid by the first live request. When C# is enabled, Roslyn's
/// first compile (seconds) is paid in the background.
/// </summary>
public sealed class ExpressionWarmUp(ExpressionEvaluator expressions, CSharp.CSharpOptions? csharp = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Warm(expressions);
        if (csharp?.Enabled == true) _ = Task.Run(() => CSharp.CSharpEvaluator.Check("return Variables.Get<int>(\"warm-up\") + 1;"), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Evaluates a representative script and templates against a sample purchase.</summary>
    public static void Warm(ExpressionEvaluator expressions)
    {
        var scope = new ExpressionScope
        {
            Input = JsonNode.Parse("""{"purchase":{"orderId":"warm-up","totalMinor":1000,"currency":"USD","items":[{"name":"Mug","quantity":1}],"customer":{"firstName":"Ada"}}}""")!.AsObject(),
            Variables = new Dictionary<string, JsonNode?>(),
            Activities = new JsonObject(),
            WorkflowInstanceId = "warm-up",
        };
        expressions.WarmUp(scope);
    }
}
