using System.Diagnostics;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Expressions;

/// <summary>
/// The shipped journey's expressions (workflows/post-purchase.json): the first evaluation after start-up (with the
/// host's warm-up done, as in the server) and JavaScript and Liquid evaluations per second on one thread.
///   dotnet run -c Release --project bench/PostPurchase.Bench -- --expressions [--seconds 3]
/// </summary>
public static class ExpressionBench
{
    public static void Run(string journeyPath, double seconds)
    {
        var startup = Stopwatch.StartNew();
        var evaluator = new ExpressionEvaluator(new JavaScriptEvaluator(), new LiquidRenderer(), new TemplateRenderer());
        var scope = Scope();
        ExpressionWarmUp.Warm(evaluator);
        var warmUp = startup.Elapsed;

        var definition = JsonNode.Parse(File.ReadAllText(journeyPath))!.AsObject();
        var expressions = definition["root"]!["activities"]!.AsArray()
            .SelectMany(a => a!.AsObject().Where(p => p.Value is JsonObject { } i && i["expression"] is JsonObject)
                .Select(p => (Activity: a, Input: p.Key, Expression: new Expression((string)p.Value!["expression"]!["type"]!, p.Value["expression"]!["value"]?.DeepClone()))))
            .ToList();
        var javaScript = expressions.Where(e => e.Expression.Type == ExpressionTypes.JavaScript).Select(e => e.Expression).ToList();
        var liquid = expressions.Where(e => e.Expression.Type == ExpressionTypes.Liquid).Select(e => e.Expression).ToList();
        var site = new ExpressionSite(new PostPurchase.Workflows.Definitions.ActivityNode { Id = "bench", Name = "bench", Type = "bench", NodeId = "bench", Json = new JsonObject() }, "bench");

        double First(Expression expression)
        {
            var watch = Stopwatch.StartNew();
            evaluator.EvaluateAsync(expression, Scope(), site, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return watch.Elapsed.TotalMilliseconds;
        }

        var firstJs = First(javaScript[0]);
        var firstLiquid = First(liquid.First(e => e.Text!.Contains("{% for")));

        // Per wall-clock second and per second of CPU time used by the process (closer to "one core" on a busy machine).
        (double Wall, double Cpu) PerSecond(List<Expression> set)
        {
            var n = 0;
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed.TotalSeconds < seconds)
                for (var i = 0; i < set.Count; i++, n++)
                    evaluator.EvaluateAsync(set[i], scope, site, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            process.Refresh();
            return (n / watch.Elapsed.TotalSeconds, n / (process.TotalProcessorTime - cpu).TotalSeconds);
        }

        Console.WriteLine($"Shipped journey expressions: {javaScript.Count} JavaScript, {liquid.Count} Liquid; one thread, {Environment.ProcessorCount} cores (shared machine: indicative)");
        Console.WriteLine($"start-up warm-up (ExpressionWarmUp)           : {warmUp.TotalMilliseconds,8:N1} ms");
        Console.WriteLine($"first JavaScript evaluation after start-up    : {firstJs,8:N2} ms");
        Console.WriteLine($"first Liquid evaluation after start-up        : {firstLiquid,8:N2} ms");
        var (jsWall, jsCpu) = PerSecond(javaScript);
        var (liquidWall, liquidCpu) = PerSecond(liquid);
        Console.WriteLine($"JavaScript evaluations/s (wall | per CPU-s)   : {jsWall,8:N0} | {jsCpu:N0}");
        Console.WriteLine($"Liquid evaluations/s (wall | per CPU-s)       : {liquidWall,8:N0} | {liquidCpu:N0}");
    }

    private static ExpressionScope Scope()
    {
        var scope = new ExpressionScope
        {
            Input = JsonNode.Parse("""
                {"purchase":{"provider":"generic","orderId":"A-1001","purchasedAt":"2026-03-02T10:00:00Z","totalMinor":23800,"currency":"GBP","previousOrderCount":0,
                 "customer":{"id":"cust-77","email":"ada@example.com","name":"Ada Lovelace","firstName":"Ada","timeZone":"Europe/London","locale":"en-GB"},
                 "items":[{"sku":"PHOTO-101","name":"Photography Masterclass","quantity":1,"unitPriceMinor":8900},{"sku":"TRIPOD-CF","name":"Carbon Travel Tripod","quantity":1,"unitPriceMinor":14900}]}}
                """)!.AsObject(),
            Variables = new Dictionary<string, JsonNode?> { ["ReviewUrl"] = "https://shop.example.com/review/abc" },
            Activities = JsonNode.Parse("""{"review":{"Rating":5,"Comment":"Great"},"discountCode":{"Code":"THANKS-1234"},"personalizeOffer":{"Text":"Thank you, Ada!"}}""")!.AsObject(),
            WorkflowInstanceId = "bench",
        };
        var item = JsonNode.Parse("""{"id":"photo-101","name":"Photography Masterclass","quantity":1,"unitPriceMinor":8900,"downloadUrl":"https://shop.example.com/downloads/x","deliveryText":"Download","onboardingTips":"- Tip","reviewUrl":"https://reviews.example.com/p","crossSell":{"name":"Preset Pack","url":"https://shop.example.com/presets"}}""")!;
        scope.Globals["Catalog"] = new JsonObject
        {
            ["items"] = new JsonArray(item.DeepClone(), item.DeepClone()), ["primary"] = item.DeepClone(),
            ["hasPhysical"] = true, ["hasDigital"] = true, ["expectedDeliveryDays"] = 5, ["isRepeatCustomer"] = false,
        };
        scope.Globals["Store"] = new JsonObject { ["name"] = "Shop", ["supportEmail"] = "help@shop.example.com", ["discountCode"] = "THANKYOU10" };
        return scope;
    }
}
