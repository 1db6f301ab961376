namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>
/// A kernel interface file held something its reader does not understand: a kernel change or a bug
/// in the reader, never a normal condition. The message names the file, the line and what is wrong.
/// </summary>
public sealed class KernelFileFormatException(string file, int? lineNumber, string? line, string reason)
    : Exception(lineNumber is null
        ? $"{file}: {reason}"
        : $"{file}:{lineNumber}: {reason}: '{line}'")
{
    public string File { get; } = file;

    /// <summary>1-based; null when the problem is not on one line (a missing key).</summary>
    public int? LineNumber { get; } = lineNumber;

    public string? Line { get; } = line;

    public string Reason { get; } = reason;
}
