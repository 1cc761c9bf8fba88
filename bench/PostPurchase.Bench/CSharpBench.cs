using System.Diagnostics;
using System.Text.Json.Nodes;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Expressions;
using PostPurchase.Workflows.Expressions.CSharp;

/// <summary>
/// C# scripts (Roslyn): the first compile in a process, the compile of another script afterwards, the first run, and
/// runs per second of a compiled script on one thread.
///   dotnet run -c Release --project bench/PostPurchase.Bench -- --csharp [--seconds 3]
/// </summary>
public static class CSharpBench
{
    public static async Task RunAsync(double seconds)
    {
        var evaluator = new CSharpEvaluator(new CSharpOptions { Enabled = true });
        var scope = new ExpressionScope
        {
            Input = JsonNode.Parse("""{"OrderId":"A-1001","Total":238,"Items":[{"Sku":"PHOTO-101","Quantity":1},{"Sku":"TRIPOD-CF","Quantity":2}]}""")!.AsObject(),
            Variables = new Dictionary<string, JsonNode?> { ["Visits"] = 2, ["Tier"] = "gold" },
            Activities = new JsonObject(),
            WorkflowInstanceId = "bench",
        };
        const string script = "var items = (IEnumerable<dynamic>)Input.Items;\nVariables.Visits = Variables.Visits + 1;\nreturn $\"{Input.OrderId}: {items.Sum(i => (int)i.Quantity)} items, {Variables.Tier}\";";

        var watch = Stopwatch.StartNew();
        CSharpEvaluator.Check(script);
        var firstCompile = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        CSharpEvaluator.Check(script.Replace("items,", "item(s),"));
        var secondCompile = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await evaluator.EvaluateAsync(script, scope, CancellationToken.None);
        var firstRun = watch.Elapsed.TotalMilliseconds;

        var n = 0;
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        watch.Restart();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            await evaluator.EvaluateAsync(script, scope, CancellationToken.None);
            n++;
        }

        process.Refresh();
        Console.WriteLine($"C# scripts (Roslyn); one thread, {Environment.ProcessorCount} cores (shared machine: indicative)");
        Console.WriteLine($"first compile in the process            : {firstCompile,8:N0} ms");
        Console.WriteLine($"compile of another script afterwards    : {secondCompile,8:N0} ms");
        Console.WriteLine($"first run of the compiled script        : {firstRun,8:N1} ms");
        Console.WriteLine($"runs/s of a compiled script (wall | CPU): {n / watch.Elapsed.TotalSeconds,8:N0} | {n / (process.TotalProcessorTime - cpu).TotalSeconds:N0}");
    }
}
