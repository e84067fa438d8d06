using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Responses.Tests.Integration.Operations;

/// <summary>A logger provider that keeps every entry with its structured properties, for tests to read.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> records = new();

    public IReadOnlyList<LogRecord> Records => [.. records];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, records);

    public void Dispose()
    {
    }

    /// <summary>The entries of a category, waiting a moment for them: a request's line is written as its pipeline unwinds.</summary>
    public async Task<IReadOnlyList<LogRecord>> WaitForAsync(string category, int count)
    {
        for (var tries = 0; tries < 100; tries++)
        {
            var found = Records.Where(record => record.Category == category).ToList();
            if (found.Count >= count)
            {
                // Anything extra would be written by now too.
                await Task.Delay(100);
                return Records.Where(record => record.Category == category).ToList();
            }

            await Task.Delay(50);
        }

        return Records.Where(record => record.Category == category).ToList();
    }

    public sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Properties);

    private sealed class Logger(string category, ConcurrentQueue<LogRecord> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.First().Value)
                : [];
            records.Enqueue(new LogRecord(category, logLevel, eventId, formatter(state, exception), properties));
        }
    }
}
