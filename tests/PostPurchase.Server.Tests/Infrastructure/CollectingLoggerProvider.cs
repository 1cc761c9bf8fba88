using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PostPurchase.Server.Tests.Infrastructure;

/// <summary>One log call as the server made it: the rendered message and its structured properties.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Properties)
{
    /// <summary>The message and every property value, for checks that nothing in the entry leaks.</summary>
    public string Everything => Message + "\n" + string.Join("\n", Properties.Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>A real logger provider that keeps every entry the server logs, to register in a test's host.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), properties));
        }
    }
}
