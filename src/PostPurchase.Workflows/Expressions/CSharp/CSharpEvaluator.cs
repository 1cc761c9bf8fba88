using System.Collections.Concurrent;
using System.Diagnostics;
using System.Dynamic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace PostPurchase.Workflows.Expressions.CSharp;

/// <summary>
/// C# scripts (Elsa's <c>CSharp</c> expressions and <c>Elsa.RunCSharp</c>) on Roslyn scripting: a top-level
/// <c>return</c> or a final expression without a semicolon gives the value. Each script text is compiled once and the
/// compiled delegate kept (at most <see cref="CacheLimit"/> texts; Roslyn cannot unload a compiled script, so texts
/// beyond that are compiled again and the process grows). Each run has a wall-clock limit
/// (<see cref="CSharpOptions.Timeout"/>): loops and methods check it (<see cref="TimeLimitRewriter"/>), and a script
/// blocked inside .NET is abandoned — it keeps its thread until the call returns, but its variable changes are
/// dropped. This is a time limit, not a sandbox: a script can do anything the server process can.
/// </summary>
public sealed partial class CSharpEvaluator(CSharpOptions options)
{
    /// <summary>Distinct script texts kept compiled.</summary>
    public const int CacheLimit = 1024;

    /// <summary>The name under which <c>Elsa.RunCSharp</c> passes a callback receiving <c>Outcome.Set(…)</c>'s names.</summary>
    public const string OutcomesCallback = "__outcomes";

    private const string ScriptPath = "script.csx";
    private static readonly ConcurrentDictionary<string, Lazy<Compiled>> Cache = new(StringComparer.Ordinal);

    private static readonly ScriptOptions Options = ScriptOptions.Default
        .AddReferences(typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(List<>).Assembly, typeof(JsonNode).Assembly,
            typeof(ExpandoObject).Assembly, typeof(Microsoft.CSharp.RuntimeBinder.Binder).Assembly, typeof(Regex).Assembly,
            typeof(CSharpGlobals).Assembly)
        .WithImports("System", "System.Linq", "System.Collections.Generic", "System.Globalization", "System.Text", "System.Text.Json",
            "System.Text.Json.Nodes", "System.Dynamic", typeof(CSharpGlobals).Namespace!)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithEmitDebugInformation(true)
        .WithFileEncoding(System.Text.Encoding.UTF8)
        .WithFilePath(ScriptPath);

    /// <summary>The first compile error of <paramref name="script"/> (1-based line and column), or null when it compiles.</summary>
    public static ScriptSyntaxException? Check(string script) => Compile(script).Error;

    /// <summary>
    /// Runs <paramref name="script"/> against <paramref name="scope"/> and returns its value as JSON. Throws
    /// <see cref="ScriptSyntaxException"/> when it does not compile and <see cref="ScriptRuntimeException"/> when it
    /// throws, runs past the time limit, or C# is disabled.
    /// </summary>
    public async Task<JsonNode?> EvaluateAsync(string script, ExpressionScope scope, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
            throw new ScriptRuntimeException("C# is disabled on this server (set Scripting__CSharp__Enabled=true to allow it)", 0, 0);
        var compiled = Compile(script);
        if (compiled.Error is { } error) throw new ScriptSyntaxException(error.Message, error.Line, error.Column, error);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Timeout);
        var globals = new CSharpGlobals(scope, limit.Token);
        var run = Task.Run(() => compiled.Runner!(globals, limit.Token), CancellationToken.None);
        object? value;
        try
        {
            value = await run.WaitAsync(options.Timeout, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (ex is TimeoutException || ex is OperationCanceledException && limit.IsCancellationRequested))
        {
            // The wait may time out before CancelAfter fires, and disposing the source would then drop that timer:
            // cancel now, so the script's own time-limit checks stop it instead of it spinning on.
            await limit.CancelAsync();
            _ = run.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed, never rethrown
            throw new ScriptRuntimeException($"the script ran longer than {options.Timeout.TotalSeconds:0.#} s", LineOf(ex), 0, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ScriptRuntimeException($"{ex.GetType().Name}: {ex.Message}", LineOf(ex), 0, ex);
        }

        foreach (var (name, node) in globals.VariableValues)
            if (!scope.Variables.TryGetValue(name, out var before) || !ReferenceEquals(before, node))
                scope.Variables[name] = node;
        if (globals.Outcome.Names is { } outcomes && scope.Globals.GetValueOrDefault(OutcomesCallback) is Action<string[]> callback)
            callback(outcomes);
        return ClrJson.ToJson(value);
    }

    private static Compiled Compile(string script)
    {
        if (Cache.TryGetValue(script, out var cached)) return cached.Value;
        if (Cache.Count >= CacheLimit) Cache.Clear();
        return Cache.GetOrAdd(script, text => new Lazy<Compiled>(() => CompileUncached(text))).Value;
    }

    // The guarded text (time-limit checks added) is compiled first; when that fails the text as written decides:
    // its errors are the script's own, else it runs without the checks (e.g. a lambda inside a declared class).
    private static Compiled CompileUncached(string script)
    {
        var guarded = CSharpScript.Create<object>(TimeLimitRewriter.Rewrite(script), Options, typeof(CSharpGlobals));
        if (!guarded.Compile().Any(d => d.Severity == DiagnosticSeverity.Error)) return new Compiled(guarded.CreateDelegate(), null);

        var original = CSharpScript.Create<object>(script, Options, typeof(CSharpGlobals));
        var errors = original.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count == 0) return new Compiled(original.CreateDelegate(), null);

        var first = errors[0];
        var position = first.Location.GetLineSpan().StartLinePosition;
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "";
        return new Compiled(null, new ScriptSyntaxException($"{first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}{more}", position.Line + 1, position.Character + 1));
    }

    // The script's own line in the exception's stack trace (its frames carry the script's file name).
    private static int LineOf(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            foreach (var frame in new StackTrace(e, true).GetFrames())
                if (frame.GetFileName() == ScriptPath && frame.GetFileLineNumber() > 0) return frame.GetFileLineNumber();
        return 0;
    }

    private sealed record Compiled(ScriptRunner<object>? Runner, ScriptSyntaxException? Error);
}
