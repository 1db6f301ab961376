using System.Globalization;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// Checks, before anything is loaded, what the sensor needs from the node, so start-up fails with
/// every fix listed at once instead of with an EPERM from the middle of a verifier run.
/// </summary>
internal static class BpfEnvironment
{
    internal const int CapSysAdmin = 21;
    internal const int CapPerfmon = 38;
    internal const int CapBpf = 39;

    // The first lines settle whether addresses are hidden: the kernel zeroes all or none.
    private const int KallsymsLinesToCheck = 64;

    /// <summary>Problems found, errors first; empty means the node is ready.</summary>
    public static IReadOnlyList<BpfEnvironmentProblem> Check(
        BpfEnvironmentPaths? paths = null, Func<bool>? libBpfLoadable = null)
    {
        paths ??= BpfEnvironmentPaths.Default;
        libBpfLoadable ??= () => NativeLibraryResolver.TryLoadLibBpf(out _);

        var problems = new List<BpfEnvironmentProblem>();
        CheckCapabilities(paths.ProcSelfStatus, problems);
        if (!File.Exists(paths.VmlinuxBtf))
        {
            problems.Add(new(BpfProblemSeverity.Error,
                $"{paths.VmlinuxBtf} is missing: run on a kernel built with CONFIG_DEBUG_INFO_BTF=y (CO-RE programs need the kernel's BTF)."));
        }

        if (!libBpfLoadable())
        {
            problems.Add(new(BpfProblemSeverity.Error,
                $"libbpf cannot be loaded (tried {string.Join(", ", NativeLibraryResolver.LibBpfCandidates)}): install libbpf 1.x (Debian/Ubuntu: apt-get install libbpf1)."));
        }

        CheckKallsyms(paths.Kallsyms, problems);
        return problems.OrderByDescending(p => p.Severity).ToList();
    }

    /// <summary>libbpf's version (e.g. "v1.1"), for the start-up log; null when it cannot be loaded.</summary>
    public static unsafe string? LibBpfVersion()
    {
        try
        {
            return LibBpf.ToManaged(LibBpf.libbpf_version_string());
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    private static void CheckCapabilities(string statusPath, List<BpfEnvironmentProblem> problems)
    {
        if (!TryReadCapEff(statusPath, out var capEff))
        {
            problems.Add(new(BpfProblemSeverity.Error,
                $"cannot read the effective capabilities (CapEff) from {statusPath}: run on Linux with /proc mounted."));
            return;
        }

        if (Has(capEff, CapSysAdmin) || (Has(capEff, CapBpf) && Has(capEff, CapPerfmon)))
        {
            return;
        }

        var missing = new List<string>();
        if (!Has(capEff, CapBpf))
        {
            missing.Add("CAP_BPF");
        }

        if (!Has(capEff, CapPerfmon))
        {
            missing.Add("CAP_PERFMON");
        }

        problems.Add(new(BpfProblemSeverity.Error,
            $"the process lacks {string.Join(" and ", missing)} (CapEff {capEff:x16}): run as root or grant CAP_BPF and CAP_PERFMON (CAP_SYS_ADMIN also works)."));
    }

    private static void CheckKallsyms(string path, List<BpfEnvironmentProblem> problems)
    {
        const string Fix = "only the period-timer program needs them; run as root or grant CAP_SYSLOG, with kernel.kptr_restrict below 2.";
        bool anyAddress;
        try
        {
            anyAddress = File.ReadLines(path).Take(KallsymsLinesToCheck).Any(HasNonZeroAddress);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(BpfProblemSeverity.Warning, $"{path} is not readable: {Fix}"));
            return;
        }

        if (!anyAddress)
        {
            problems.Add(new(BpfProblemSeverity.Warning, $"{path} shows only zero addresses: {Fix}"));
        }
    }

    private static bool TryReadCapEff(string statusPath, out ulong capEff)
    {
        capEff = 0;
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                {
                    return ulong.TryParse(line.AsSpan("CapEff:".Length).Trim(), NumberStyles.HexNumber,
                        CultureInfo.InvariantCulture, out capEff);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return false;
    }

    private static bool HasNonZeroAddress(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var address = space > 0 ? line.AsSpan(0, space) : line.AsSpan();
        return address.Length > 0 && address.ContainsAnyExcept('0');
    }

    private static bool Has(ulong capEff, int capability) => (capEff & (1UL << capability)) != 0;
}
