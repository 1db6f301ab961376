using System.Runtime.InteropServices;
using System.Text;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

/// <summary>
/// Makes directories and writes files by raw bytes, which .NET cannot: the tests' side of names that are not UTF-8.
/// Paths are escaped text, as <see cref="CgroupFileSystem"/> takes them, decoded here independently of it.
/// </summary>
internal static partial class RawPaths
{
    private const int OWrOnly = 1;
    private const int OCreat = 0x40;
    private const int OTrunc = 0x200;

    public static void CreateDirectory(string escapedPath) =>
        Check(MkDir(Bytes(escapedPath), 0x1ED /* 0755 */), "mkdir", escapedPath);

    /// <summary>Writes the whole text in one write(2), as echo does: cgroup files take one value per write.</summary>
    public static void WriteText(string escapedPath, string text, bool create = false)
    {
        int fd = Open(Bytes(escapedPath), OWrOnly | (create ? OCreat | OTrunc : 0), 0x1A4 /* 0644 */);
        Check(fd, "open", escapedPath);
        try
        {
            byte[] content = Encoding.UTF8.GetBytes(text);
            Check((int)Write(fd, content, content.Length), "write", escapedPath);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    public static void DeleteFile(string escapedPath) => Check(Unlink(Bytes(escapedPath)), "unlink", escapedPath);

    /// <summary>
    /// Decodes the test's escaped paths by hand (only "\xNN" is used in them), so a bug in
    /// <see cref="CgroupNameEscaping"/> cannot hide itself by agreeing with its own output.
    /// </summary>
    private static byte[] Bytes(string escapedPath)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < escapedPath.Length; i++)
        {
            if (escapedPath[i] == '\\' && escapedPath[i + 1] == 'x')
            {
                bytes.Add(Convert.FromHexString(escapedPath.AsSpan(i + 2, 2))[0]);
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(escapedPath[i].ToString()));
            }
        }

        bytes.Add(0);
        return [.. bytes];
    }

    private static void Check(int result, string call, string path)
    {
        if (result < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{call}({path}): {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static partial int MkDir(byte[] path, uint mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte[] path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true)]
    private static partial int Unlink(byte[] path);
}
