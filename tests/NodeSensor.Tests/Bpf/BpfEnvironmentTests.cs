using KernelTruth.NodeSensor.Bpf;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>BpfEnvironment against hand-written /proc and /sys fixtures in a temp directory.</summary>
public sealed class BpfEnvironmentTests : IDisposable
{
    // Capability bits: CAP_SYS_ADMIN 21 = 0x200000, CAP_PERFMON 38 = 0x40_0000_0000,
    // CAP_BPF 39 = 0x80_0000_0000; a root shell has all 41 → 000001ffffffffff.
    private const string AllCaps = "000001ffffffffff";
    private const string SysAdminOnly = "0000000000200000";
    private const string BpfOnly = "0000008000000000";
    private const string BpfAndPerfmon = "000000c000000000";
    private const string NoCaps = "0000000000000000";

    private const string RealKallsyms = "ffffffff81000000 T _stext\nffffffff81000010 T do_one_initcall\n";
    private const string HiddenKallsyms = "0000000000000000 T _stext\n0000000000000000 T do_one_initcall\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-bpfenv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Check_RootWithBtfLibBpfAndAddresses_NoProblems()
    {
        Assert.Empty(Check(AllCaps));
    }

    [Theory]
    [InlineData(SysAdminOnly)]
    [InlineData(BpfAndPerfmon)]
    public void Check_SufficientCapabilities_NoProblems(string capEff)
    {
        Assert.Empty(Check(capEff));
    }

    [Fact]
    public void Check_NoCapabilities_OneErrorNamingBothCapsAndTheFix()
    {
        var problem = Assert.Single(Check(NoCaps));

        Assert.Equal(BpfProblemSeverity.Error, problem.Severity);
        Assert.Contains("CAP_BPF and CAP_PERFMON", problem.Message);
        Assert.Contains("run as root or grant CAP_BPF and CAP_PERFMON", problem.Message);
    }

    [Fact]
    public void Check_CapBpfWithoutPerfmon_NamesOnlyPerfmonAsMissing()
    {
        var problem = Assert.Single(Check(BpfOnly));

        Assert.StartsWith("the process lacks CAP_PERFMON (", problem.Message);
    }

    [Fact]
    public void Check_StatusWithoutCapEff_ReportsUnreadableCapabilities()
    {
        var problem = Assert.Single(Check(capEff: null));

        Assert.Equal(BpfProblemSeverity.Error, problem.Severity);
        Assert.Contains("CapEff", problem.Message);
    }

    [Fact]
    public void Check_NoKernelBtf_ReportsConfigDebugInfoBtf()
    {
        var problem = Assert.Single(Check(AllCaps, withBtf: false));

        Assert.Equal(BpfProblemSeverity.Error, problem.Severity);
        Assert.Contains("CONFIG_DEBUG_INFO_BTF", problem.Message);
    }

    [Fact]
    public void Check_LibBpfNotLoadable_ReportsPackageToInstall()
    {
        var problem = Assert.Single(Check(AllCaps, libBpf: false));

        Assert.Contains("apt-get install libbpf1", problem.Message);
    }

    [Fact]
    public void Check_KallsymsAddressesHidden_WarningOnly()
    {
        var problem = Assert.Single(Check(AllCaps, kallsyms: HiddenKallsyms));

        Assert.Equal(BpfProblemSeverity.Warning, problem.Severity);
        Assert.Contains("period-timer", problem.Message);
    }

    [Fact]
    public void Check_EverythingMissing_ErrorsBeforeWarnings()
    {
        var problems = Check(NoCaps, withBtf: false, libBpf: false, kallsyms: null);

        Assert.Equal(
            [BpfProblemSeverity.Error, BpfProblemSeverity.Error, BpfProblemSeverity.Error, BpfProblemSeverity.Warning],
            problems.Select(p => p.Severity));
    }

    [Fact]
    public void Check_ThisMachine_NoErrors()
    {
        // The kernel tests in this folder rely on it: root, BTF and libbpf 1.1 are present here.
        var errors = BpfEnvironment.Check().Where(p => p.Severity == BpfProblemSeverity.Error);

        Assert.Empty(errors.Select(e => e.Message));
    }

    [Fact]
    public void LibBpfVersion_ThisMachine_IsVersion1()
    {
        Assert.StartsWith("v1.", BpfEnvironment.LibBpfVersion()); // Debian 12: libbpf 1.1.2 reports "v1.1"
    }

    private IReadOnlyList<BpfEnvironmentProblem> Check(
        string? capEff, bool withBtf = true, bool libBpf = true, string? kallsyms = RealKallsyms)
    {
        var status = Path.Combine(_dir, "status");
        var btf = Path.Combine(_dir, "vmlinux");
        var syms = Path.Combine(_dir, "kallsyms");
        File.WriteAllText(status, "Name:\tktruth\nCapInh:\t0000000000000000\n"
            + (capEff is null ? string.Empty : $"CapPrm:\t{capEff}\nCapEff:\t{capEff}\n"));
        if (withBtf)
        {
            File.WriteAllBytes(btf, [0x9f, 0xeb]); // BTF magic; only existence is checked
        }

        if (kallsyms is not null)
        {
            File.WriteAllText(syms, kallsyms);
        }

        return BpfEnvironment.Check(new BpfEnvironmentPaths(status, btf, syms), () => libBpf);
    }
}
