using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace PostPurchase.Workflows.Expressions;

/// <summary>
/// JavaScript expressions on Jint 4 (ECMAScript 2020 and later: arrows, template literals, <c>let</c>/<c>const</c>,
/// spread, destructuring…), with Elsa 3's semantics: a top-level <c>return</c> ends the script with its value,
/// otherwise the result is the completion value of the last statement. Scripts are parsed once per source text and
/// reused; each evaluation runs in a fresh engine with time, statement, recursion and memory limits. The names a
/// script sees are set up by <see cref="JavaScriptGlobals"/>.
/// </summary>
public sealed class JavaScriptEvaluator
{
    /// <summary>Wall-clock limit of one evaluation.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    /// <summary>Statement limit of one evaluation.</summary>
    public const int MaxStatements = 1_000_000;
    /// <summary>Call-depth limit of one evaluation.</summary>
    public const int MaxRecursion = 256;
    /// <summary>Memory an evaluation may allocate, in bytes.</summary>
    public const long MemoryLimitBytes = 64L * 1024 * 1024;

    private const int CacheLimit = 4096;
    private static readonly ScriptPreparationOptions Preparation = new()
    {
        ParsingOptions = ScriptParsingOptions.Default with { AllowReturnOutsideFunction = true },
    };

    private readonly ConcurrentDictionary<string, Prepared<Script>> _prepared = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="script"/>; throws <see cref="ScriptSyntaxException"/> with line and column.</summary>
    public static Prepared<Script> Prepare(string script)
    {
        try
        {
            return Engine.PrepareScript(script, source: "script", options: Preparation);
        }
        catch (Exception ex) when (FindParseError(ex) is { } parse)
        {
            throw new ScriptSyntaxException(parse.Description ?? parse.Message, parse.LineNumber, parse.Column + 1, ex);
        }
    }

    /// <summary>The syntax error of <paramref name="script"/>, or null when it parses.</summary>
    public static ScriptSyntaxException? Check(string script)
    {
        try
        {
            Prepare(script);
            return null;
        }
        catch (ScriptSyntaxException ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// Runs <paramref name="script"/> against <paramref name="scope"/> and returns its value as JSON (undefined → null).
    /// Throws <see cref="ScriptSyntaxException"/> or <see cref="ScriptRuntimeException"/> carrying the script's own
    /// message, line and column.
    /// </summary>
    public JsonNode? Evaluate(string script, ExpressionScope scope, CancellationToken cancellationToken = default)
    {
        var prepared = _prepared.TryGetValue(script, out var cached) ? cached : Remember(script, Prepare(script));
        var engine = new Engine(options => options
            .TimeoutInterval(Timeout).MaxStatements(MaxStatements).LimitRecursion(MaxRecursion)
            .LimitMemory(MemoryLimitBytes).CancellationToken(cancellationToken));
        var globals = new JavaScriptGlobals(engine, scope, script);
        globals.Install();
        try
        {
            return globals.ToJson(engine.Evaluate(prepared));
        }
        catch (JavaScriptException ex)
        {
            throw new ScriptRuntimeException(ex.Error.IsObject() ? ex.Message : ex.Error.ToString(), ex.Location.Start.Line, ex.Location.Start.Column + 1, ex);
        }
        catch (Exception ex) when (ex is JintException or TimeoutException or ExecutionCanceledException)
        {
            JintException.TryGetJavaScriptLocation(ex, out var location);
            throw new ScriptRuntimeException(Describe(ex), location.Start.Line, location.Start.Column + 1, ex);
        }
    }

    private Prepared<Script> Remember(string script, Prepared<Script> prepared)
    {
        if (_prepared.Count >= CacheLimit) _prepared.Clear();
        _prepared[script] = prepared;
        return prepared;
    }

    private static string Describe(Exception ex) => ex switch
    {
        StatementsCountOverflowException => $"the script ran more than {MaxStatements:N0} statements",
        RecursionDepthOverflowException => $"the script nested calls deeper than {MaxRecursion}",
        MemoryLimitExceededException => $"the script allocated more than {MemoryLimitBytes / (1024 * 1024)} MB",
        TimeoutException => $"the script ran longer than {Timeout.TotalSeconds:0.#} s",
        _ => ex.Message,
    };

    private static ParseErrorException? FindParseError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is ParseErrorException parse) return parse;
        return null;
    }
}

/// <summary>A script or template does not parse. <see cref="Line"/> and <see cref="Column"/> are 1-based.</summary>
public sealed class ScriptSyntaxException(string message, int line, int column, Exception? inner = null) : Exception(message, inner)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}

/// <summary>A script failed while running (its own error, or a limit). <see cref="Line"/> is 0 when unknown.</summary>
public sealed class ScriptRuntimeException(string message, int line, int column, Exception? inner = null) : Exception(message, inner)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}
