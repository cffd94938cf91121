using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Intern.Server.Tests.Api;

/// <summary>
/// Keeps every formatted log line of an in-memory server, for tests that read what the server wrote (reset links),
/// and the logging scopes each line was written in (a grading's submission and job).
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Line, string Scopes)> _lines = new();
    private readonly AsyncLocal<Scope?> _scope = new();

    public IReadOnlyList<string> Lines => [.. _lines.Select(l => l.Line)];

    /// <summary>Every line with the scopes around it, outermost first and joined by " => " ("" outside any scope).</summary>
    public IReadOnlyList<(string Line, string Scopes)> ScopedLines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Scope(LogCapture capture, Scope? parent, string text) : IDisposable
    {
        public Scope? Parent { get; } = parent;

        public override string ToString() => Parent is null ? text : $"{Parent} => {text}";

        public void Dispose() => capture._scope.Value = Parent;
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            capture._scope.Value = new Scope(capture, capture._scope.Value, state.ToString() ?? "");

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                capture._lines.Enqueue(($"{logLevel} {category}: {formatter(state, exception)}", capture._scope.Value?.ToString() ?? ""));
        }
    }
}
