using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>Turns errno values (positive) into text, including libbpf's own 4000+ codes.</summary>
internal static unsafe class BpfErrors
{
    internal static string Describe(int errno)
    {
        if (errno == 0)
        {
            return "no error code";
        }

        try
        {
            var buffer = stackalloc byte[256];
            if (LibBpf.libbpf_strerror(errno, buffer, 256) == 0)
            {
                return LibBpf.ToManaged(buffer) ?? Marshal.GetPInvokeErrorMessage(errno);
            }
        }
        catch (DllNotFoundException)
        {
            // Describing an error must not fail because libbpf itself is missing.
        }

        return Marshal.GetPInvokeErrorMessage(errno);
    }
}
