using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Infrastructure;

// What the app writes to its application log, kept in memory so that a test reads what an operator would collect.
public sealed class LogCapture : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

    readonly ConcurrentQueue<Entry> entries = new();

    public IReadOnlyList<Entry> Entries => [.. entries];

    public IReadOnlyList<Entry> In(string category) => [.. entries.Where(e => e.Category == category)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    // The host disposes its providers; the entries stay for the test to read.
    public void Dispose() { }

    sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
