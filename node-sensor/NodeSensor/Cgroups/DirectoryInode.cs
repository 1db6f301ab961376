using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>
/// Reads a directory's inode number, which on 64-bit kernels equals the cgroup id BPF sees
/// (<c>kernfs_id_ino</c>). .NET exposes no inode, so this is the one
/// native call of the cgroup resolver. <c>statx</c> is used rather than <c>stat</c> because its
/// <c>struct statx</c> layout is the same on every architecture, while <c>struct stat</c> is not.
/// </summary>
public static partial class DirectoryInode
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxIno = 0x100;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    /// <summary>Returns false when the path does not exist (a cgroup removed meanwhile is normal).</summary>
    /// <exception cref="IOException">Any other failure, with the errno.</exception>
    public static bool TryGet(string path, out ulong inode)
    {
        inode = 0;
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxIno, out var buffer) == 0)
        {
            // A filesystem may decline a requested field; cgroupfs (kernfs) always fills the inode.
            if ((buffer.Mask & StatxIno) == 0)
            {
                throw new IOException($"statx({path}) returned no inode number");
            }

            inode = buffer.Ino;
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is ENOENT or ENOTDIR)
        {
            return false;
        }

        throw new IOException($"statx({path}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>uapi <c>struct statx</c> (256 bytes): only the fields read here are declared.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(32)] public ulong Ino;
    }
}
