namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// The state file exists but cannot be used: start-up stops rather than silently throwing away
/// history. The message says what is wrong and what to do; the file is left as it is.
/// </summary>
public sealed class StateFileException(string path, string problem, Exception? innerException = null)
    : Exception($"{problem}. The recommender will not start over it and leaves it untouched: move it away (mv '{path}' '{path}.bad') to start with no history, or put a good copy in its place", innerException)
{
    public string StateFile { get; } = path;

    /// <summary>What is wrong, without the advice the message adds (a CLI that names its own option says it its way).</summary>
    public string Problem { get; } = problem;
}
