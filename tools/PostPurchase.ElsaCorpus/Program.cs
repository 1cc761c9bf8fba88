using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Workflows;
using PostPurchase.Workflows.Clock;
using PostPurchase.Workflows.Definitions;
using PostPurchase.Workflows.Model;
using PostPurchase.Workflows.Runtime;
using PostPurchase.Workflows.Scheduling;

// Measures how many Elsa 3 JSON definitions in a folder import, run and finish on our engine (in memory, manual clock).
// Usage: dotnet run --project tools/PostPurchase.ElsaCorpus -- <folder with *.json> [--verbose] [--csharp]
// (--csharp: as with Scripting__CSharp__Enabled=true; without it definitions using C# are refused, as on a default server)
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: PostPurchase.ElsaCorpus <folder> [--verbose] [--csharp]");
    return 2;
}

var verbose = args.Contains("--verbose");
var clock = new ManualClock(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
var services = new ServiceCollection();
services.AddLogging();
services.AddSingleton<TimeProvider>(clock);
services.AddSingleton(new PostPurchase.Workflows.Expressions.CSharp.CSharpOptions { Enabled = args.Contains("--csharp") });
services.AddWorkflowEngine();
services.Configure<WorkflowWorkerOptions>(o => o.Enabled = false);
await using var provider = services.BuildServiceProvider();
var definitions = provider.GetRequiredService<WorkflowDefinitionService>();
var runtime = provider.GetRequiredService<WorkflowRuntime>();
var worker = provider.GetRequiredService<WorkflowWorker>();

var files = Directory.GetFiles(args[0], "*.json").OrderBy(f => f).ToList();
var pending = new Dictionary<string, (JsonObject Json, string Error)>();
foreach (var file in files)
{
    try
    {
        pending[file] = ((JsonObject)JsonNode.Parse(File.ReadAllText(file))!, "");
    }
    catch (Exception ex)
    {
        pending[file] = (new JsonObject(), "unreadable: " + ex.Message);
    }
}

// Several passes: a definition used as an activity must be imported before the one that uses it.
var imported = new Dictionary<string, string>();
for (var pass = 0; pass < 5; pass++)
{
    foreach (var (file, (json, _)) in pending.ToList())
    {
        try
        {
            var result = await definitions.ImportAsync((JsonObject)json.DeepClone(), Path.GetFileName(file));
            imported[file] = result.DefinitionId;
            pending.Remove(file);
        }
        catch (Exception ex)
        {
            pending[file] = (json, ex.Message);
        }
    }
}

int ran = 0, finished = 0, faulted = 0, waiting = 0;
foreach (var (file, definitionId) in imported)
{
    try
    {
        var instance = await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = definitionId });
        ran++;
        for (var i = 0; i < 10 && instance.Status == WorkflowStatus.Running; i++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await worker.DrainAsync();
            instance = (await provider.GetRequiredService<PostPurchase.Workflows.Runtime.Stores.IWorkflowInstanceStore>().FindAsync(instance.Id))!;
        }

        switch (instance.SubStatus)
        {
            case WorkflowSubStatus.Finished: finished++; break;
            case WorkflowSubStatus.Faulted:
                faulted++;
                Console.WriteLine($"FAULTED {Path.GetFileName(file)}: {string.Join(" | ", instance.State.Incidents.Select(i => i.Message))}");
                break;
            default:
                waiting++;
                if (verbose) Console.WriteLine($"WAITING {Path.GetFileName(file)}: {instance.SubStatus}");
                break;
        }
    }
    catch (Exception ex)
    {
        Console.WriteLine($"NOT RUN {Path.GetFileName(file)}: {ex.Message}");
    }
}

foreach (var (file, (_, error)) in pending)
    Console.WriteLine($"NOT IMPORTED {Path.GetFileName(file)}: {(error.Length > 240 ? error[..240] + "…" : error)}");
Console.WriteLine($"definitions {files.Count}, imported {imported.Count}, ran {ran}, finished {finished}, faulted {faulted}, waiting {waiting}");
return 0;
