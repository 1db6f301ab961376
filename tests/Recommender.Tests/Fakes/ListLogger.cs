using Microsoft.Extensions.Logging;

namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>Keeps every log entry so a test can check that a reason was logged, and about what.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Entries at <paramref name="level"/> or above whose message contains every fragment.</summary>
    public IReadOnlyList<Entry> Matching(LogLevel level, params string[] fragments) =>
        [.. Entries.Where(e => e.Level >= level && fragments.All(f => e.Message.Contains(f, StringComparison.Ordinal)))];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _entries.Add(new Entry(logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }

    internal sealed record Entry(LogLevel Level, int EventId, string Message, Exception? Exception);
}

/// <summary>A typed view of a <see cref="ListLogger"/> for classes that take ILogger&lt;T&gt;.</summary>
internal sealed class ListLogger<T>(ListLogger inner) : ILogger<T>
{
    public ListLogger() : this(new ListLogger())
    {
    }

    public ListLogger Inner => inner;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, formatter);
}
