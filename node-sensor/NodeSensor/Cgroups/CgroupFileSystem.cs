using System.Runtime.InteropServices;
using System.Text;

namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>
/// Lists, reads and removes cgroup directories by their raw bytes. .NET turns every path into UTF-8 and every name
/// it lists into a string with U+FFFD in place of an invalid byte, so a cgroup named with such a byte could be
/// neither listed nor opened through it. Here every path is the escaped text of <see cref="CgroupNameEscaping"/>
/// (equal to the real path for every name that is valid UTF-8 without a backslash), decoded to bytes for the
/// system call. Errors surface as the exceptions .NET's own file APIs throw for them (FileNotFoundException for
/// ENOENT, DirectoryNotFoundException for ENOTDIR, UnauthorizedAccessException for EACCES and EPERM, otherwise
/// IOException with HResult = errno), so callers tell a vanished cgroup the same way for both.
/// </summary>
public static partial class CgroupFileSystem
{
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000; // the same on x86-64 and arm64, unlike O_DIRECTORY
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const ushort SIfMt = 0xF000;
    private const ushort SIfDir = 0x4000;
    private const byte DtUnknown = 0;
    private const byte DtDir = 4;
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int EINTR = 4;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    /// <summary>True when the escaped path names a directory (symbolic links followed, as Directory.Exists does).</summary>
    public static bool DirectoryExists(string escapedPath) =>
        TryStatx(escapedPath, followLinks: true, StatxType, out var buffer, out _) && IsDirectory(buffer.Mode);

    /// <summary>The whole content of a file, as UTF-8 text (cgroup interface files are ASCII).</summary>
    public static string ReadAllText(string escapedPath)
    {
        int fd = OpenForReading(escapedPath);
        try
        {
            var content = new List<byte>();
            var buffer = new byte[4096];
            while (true)
            {
                nint n = Read(fd, buffer, buffer.Length);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR)
                    {
                        continue;
                    }

                    throw ErrorFor("read", escapedPath, errno);
                }

                if (n == 0)
                {
                    return Encoding.UTF8.GetString([.. content]);
                }

                content.AddRange(buffer.AsSpan(0, (int)n));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// The escaped names of the directories directly in <paramref name="escapedDirectory"/>; symbolic links are
    /// skipped. A directory that is gone or unreadable has none (a cgroup removed while it is walked is normal).
    /// </summary>
    public static List<string> ChildDirectoryNames(string escapedDirectory)
    {
        int fd = Open(NulTerminated(escapedDirectory), ORdOnly | OCloExec, 0);
        if (fd < 0)
        {
            return IsGoneOrHidden(Marshal.GetLastPInvokeError()) ? [] : throw ErrorFor("open", escapedDirectory, Marshal.GetLastPInvokeError());
        }

        try
        {
            var names = new List<string>();
            var buffer = new byte[32 * 1024];
            while (true)
            {
                nint n = GetDents64(fd, buffer, (nuint)buffer.Length);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    return IsGoneOrHidden(errno) ? names : throw ErrorFor("getdents64", escapedDirectory, errno);
                }

                if (n == 0)
                {
                    return names;
                }

                AddDirectories(buffer.AsSpan(0, (int)n), escapedDirectory, names);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>rmdir: true when the directory was removed, false when it was already gone.</summary>
    /// <exception cref="IOException">Any other failure (EBUSY while tasks are still exiting), with the errno.</exception>
    public static bool RemoveDirectory(string escapedPath)
    {
        if (RmDir(NulTerminated(escapedPath)) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno == ENOENT ? false : throw ErrorFor("rmdir", escapedPath, errno);
    }

    /// <summary>statx on an escaped path; false with the errno when it fails.</summary>
    internal static bool TryStatx(string escapedPath, bool followLinks, uint mask, out StatxBuffer buffer, out int errno)
    {
        if (Statx(AtFdCwd, NulTerminated(escapedPath), followLinks ? 0 : AtSymlinkNoFollow, mask, out buffer) == 0)
        {
            errno = 0;
            return true;
        }

        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    /// <summary>The path's bytes with the NUL the system call needs.</summary>
    /// <exception cref="ArgumentException">The text is not a valid escaped path.</exception>
    internal static byte[] NulTerminated(string escapedPath)
    {
        if (!CgroupNameEscaping.TryUnescape(escapedPath, out var raw, out string? error))
        {
            throw new ArgumentException(error, nameof(escapedPath));
        }

        return [.. raw, 0];
    }

    /// <summary>
    /// Walks a getdents64 buffer of uapi <c>struct linux_dirent64</c> records, which are the same on every
    /// architecture: d_ino (8 bytes), d_off (8), d_reclen (2), d_type (1), then the NUL-terminated name.
    /// </summary>
    private static void AddDirectories(ReadOnlySpan<byte> records, string escapedDirectory, List<string> names)
    {
        while (!records.IsEmpty)
        {
            int length = MemoryMarshal.Read<ushort>(records[16..]); // the kernel's own byte order

            byte type = records[18];
            var name = records[19..length];
            name = name[..name.IndexOf((byte)0)];
            records = records[length..];
            if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
            {
                continue;
            }

            string escaped = CgroupNameEscaping.Escape(name);
            // Filesystems that do not fill d_type (cgroupfs does) answer DT_UNKNOWN: ask statx, without following links.
            if (type == DtDir || (type == DtUnknown && TryStatx(Path.Join(escapedDirectory, escaped), followLinks: false, StatxType, out var b, out _) && IsDirectory(b.Mode)))
            {
                names.Add(escaped);
            }
        }
    }

    private static int OpenForReading(string escapedPath)
    {
        while (true)
        {
            int fd = Open(NulTerminated(escapedPath), ORdOnly | OCloExec, 0);
            if (fd >= 0)
            {
                return fd;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                throw ErrorFor("open", escapedPath, errno);
            }
        }
    }

    private static bool IsGoneOrHidden(int errno) => errno is ENOENT or ENOTDIR or EACCES or EPERM;

    private static bool IsDirectory(ushort mode) => (mode & SIfMt) == SIfDir;

    private static Exception ErrorFor(string call, string escapedPath, int errno)
    {
        string message = $"{call}({escapedPath}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        return errno switch
        {
            ENOENT => new FileNotFoundException(message, escapedPath),
            ENOTDIR => new DirectoryNotFoundException(message),
            EACCES or EPERM => new UnauthorizedAccessException(message),
            _ => new IOException(message, errno),
        };
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte[] path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>glibc 2.30 and later, and musl, export the getdents64 system call under its own name.</summary>
    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDents64(int fd, [Out] byte[] buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true)]
    private static partial int RmDir(byte[] path);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int dirFd, byte[] path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>uapi <c>struct statx</c> (256 bytes): only the fields read here are declared.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Ino;
    }
}
