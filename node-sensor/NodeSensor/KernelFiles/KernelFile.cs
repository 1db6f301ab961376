using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>
/// Reads cgroup interface files and turns the ways a vanished cgroup shows up into one
/// <see cref="CgroupGoneException"/>: ENOENT when the directory is gone before the open, ENODEV when
/// it goes between open and read (kernfs deactivates the open file). Directories are escaped text and are
/// opened by their raw bytes (<see cref="CgroupFileSystem"/>), so a cgroup named with bytes that are not UTF-8
/// reads like any other.
/// </summary>
internal static class KernelFile
{
    // .NET surfaces errnos it has no exception type for as IOException.HResult = errno.
    private const int ENODEV = 19;

    // psi_show() returns this when PSI is compiled in but disabled (boot with psi=0).
    private const int EOPNOTSUPP = 95;

    /// <summary>Reads a file every cgroup of this kind has; a missing file in a live directory is an error.</summary>
    public static string ReadRequired(string directory, string fileName, string cgroupPath) =>
        Read(directory, fileName, cgroupPath, required: true)!;

    /// <summary>
    /// Reads a file that depends on the kernel version, configuration or enabled controllers: null when the
    /// cgroup exists but the file does not, or the kernel does not support reading it.
    /// </summary>
    public static string? ReadOptional(string directory, string fileName, string cgroupPath) =>
        Read(directory, fileName, cgroupPath, required: false);

    /// <summary>True when an I/O error means the cgroup was removed while its file was open.</summary>
    public static bool IsRemovedWhileOpen(IOException exception) =>
        exception.HResult == ENODEV && exception is not FileNotFoundException and not DirectoryNotFoundException;

    private static string? Read(string directory, string fileName, string cgroupPath, bool required)
    {
        var path = Path.Join(directory, fileName);
        try
        {
            return CgroupFileSystem.ReadAllText(path);
        }
        catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (!CgroupFileSystem.DirectoryExists(directory))
            {
                throw new CgroupGoneException(cgroupPath, path, e);
            }

            if (required)
            {
                throw;
            }

            return null;
        }
        catch (IOException e) when (IsRemovedWhileOpen(e))
        {
            throw new CgroupGoneException(cgroupPath, path, e);
        }
        catch (IOException e) when (!required && e.HResult == EOPNOTSUPP)
        {
            return null;
        }
    }
}
