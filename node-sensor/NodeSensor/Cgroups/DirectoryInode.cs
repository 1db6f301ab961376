using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>
/// Reads a directory's inode number, which on 64-bit kernels equals the cgroup id BPF sees
/// (<c>kernfs_id_ino</c>). .NET exposes no inode, so this asks <c>statx</c> through
/// <see cref="CgroupFileSystem"/>, which takes the path as escaped text (a cgroup named with bytes that are not
/// UTF-8 has an inode too). <c>statx</c> is used rather than <c>stat</c> because its <c>struct statx</c> layout is
/// the same on every architecture, while <c>struct stat</c> is not.
/// </summary>
public static class DirectoryInode
{
    private const uint StatxIno = 0x100;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    /// <summary>
    /// Returns false when the path does not exist (a cgroup removed meanwhile is normal), or is not valid escaped
    /// text (see <see cref="CgroupNameEscaping"/>), which no existing directory can be named by.
    /// </summary>
    /// <exception cref="IOException">Any other failure, with the errno.</exception>
    public static bool TryGet(string path, out ulong inode)
    {
        inode = 0;
        if (!CgroupNameEscaping.TryUnescape(path, out _, out _))
        {
            return false;
        }

        if (CgroupFileSystem.TryStatx(path, followLinks: false, StatxIno, out var buffer, out int errno))
        {
            // A filesystem may decline a requested field; cgroupfs (kernfs) always fills the inode.
            if ((buffer.Mask & StatxIno) == 0)
            {
                throw new IOException($"statx({path}) returned no inode number");
            }

            inode = buffer.Ino;
            return true;
        }

        if (errno is ENOENT or ENOTDIR)
        {
            return false;
        }

        throw new IOException($"statx({path}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }
}
