using System.Diagnostics;
using System.Globalization;

namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>
/// Ends what runs in a cgroup this program made and removes its directories: what `ktruth demo`
/// and the kernel tests do when they finish, also after a failure. Each step waits at most ~5 s.
/// Directories are escaped text (see <see cref="CgroupNameEscaping"/>), opened by their raw bytes.
/// </summary>
public static class CgroupTeardown
{
    private const int Attempts = 50;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    /// <summary>Kills every process listed in <paramref name="directory"/>/cgroup.procs until none is left.</summary>
    public static void KillTasks(string directory)
    {
        for (int attempt = 0; attempt < Attempts && Pids(directory) is { Count: > 0 } pids; attempt++)
        {
            foreach (int pid in pids)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // exited meanwhile
                }
            }

            Thread.Sleep(Pause); // the kernel needs a moment to reap them
        }
    }

    /// <summary>Removes the (empty) cgroup directory, retrying while rmdir answers EBUSY.</summary>
    public static void RemoveWhenEmpty(string directory)
    {
        for (int attempt = 0; attempt < Attempts && CgroupFileSystem.DirectoryExists(directory); attempt++)
        {
            try
            {
                CgroupFileSystem.RemoveDirectory(directory);
            }
            catch (IOException)
            {
                Thread.Sleep(Pause); // EBUSY until exiting tasks are gone
            }
        }
    }

    /// <summary>The processes in the cgroup; none when it is gone.</summary>
    public static List<int> Pids(string directory)
    {
        try
        {
            return CgroupFileSystem.ReadAllText(Path.Join(directory, "cgroup.procs")).Split('\n')
                .Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
