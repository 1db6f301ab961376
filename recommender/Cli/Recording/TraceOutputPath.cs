using KernelTruth.Cli.Commands;

namespace KernelTruth.Cli.Recording;

/// <summary>
/// Checks `record --out` before anything is recorded: a recording of hours must not be lost to a path it cannot be
/// written to at the end. The file itself is written atomically (a temporary beside it, then renamed), so the check is
/// that the path is not a directory and that its directory exists and takes a new file.
/// </summary>
internal static class TraceOutputPath
{
    /// <exception cref="CliFailure">Exit 2, naming the path and what to change; nothing is left behind.</exception>
    public static void Check(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new CliFailure($"--out {path} is a directory; name the trace file, e.g. {Path.Join(path, "trace.json")}", CliExitCodes.Usage);
        }

        string directory = Path.GetDirectoryName(full) ?? "/";
        if (!Directory.Exists(directory))
        {
            throw new CliFailure($"--out {path}: the directory {directory} does not exist", CliExitCodes.Usage);
        }

        string probe = Path.Join(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.probe");
        try
        {
            using var _ = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"--out {path}: cannot write in {directory}: {ex.Message}", CliExitCodes.Usage, ex);
        }
    }
}
