namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>Linux errno values (asm-generic/errno*.h) the loader branches on.</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int EINTR = 4;
    internal const int ENOENT = 2;
    internal const int E2BIG = 7;
    internal const int EACCES = 13;
    internal const int EBUSY = 16;
    internal const int EINVAL = 22;
    internal const int ENOSPC = 28;
    internal const int EOPNOTSUPP = 95;
    internal const int ENOTSUPP = 524; // kernel-internal, but bpf(2) leaks it for unsupported batch ops
}
