using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Intern.Server.Tests.Api;

/// <summary>Keeps every formatted log line of an in-memory server, for tests that read what the server wrote (reset links).</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                capture._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
        }
    }
}
