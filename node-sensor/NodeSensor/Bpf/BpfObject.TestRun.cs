using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>Running a loaded program once, without attaching it: how tests drive BPF code directly.</summary>
internal sealed unsafe partial class BpfObject
{
    /// <summary>
    /// Runs <paramref name="program"/> once through BPF_PROG_TEST_RUN with <paramref name="context"/>
    /// as its context and returns what the program returned. Meant for SEC("syscall") programs
    /// (test-runnable with a context of the caller's own since Linux 5.14); the kernel refuses a
    /// context smaller than the program reads (EINVAL).
    /// </summary>
    public uint TestRun<TContext>(string program, TContext context)
        where TContext : unmanaged
    {
        RequireState(LifecycleState.Loaded, "TestRun");
        using var scope = BeginStage();
        var fd = LibBpf.bpf_program__fd(FindProgram(program, BpfStage.TestRun));
        if (fd < 0)
        {
            throw Fail(BpfStage.TestRun, $"program {program}", -fd, "program has no fd: was autoload off?");
        }

        var opts = BpfTestRunOpts.Create();
        opts.CtxIn = &context;
        opts.CtxSizeIn = (uint)sizeof(TContext);
        var rc = LibBpf.bpf_prog_test_run_opts(fd, &opts);
        return rc < 0
            ? throw Fail(BpfStage.TestRun, $"program {program}", -rc, "bpf_prog_test_run_opts failed")
            : opts.Retval;
    }
}
