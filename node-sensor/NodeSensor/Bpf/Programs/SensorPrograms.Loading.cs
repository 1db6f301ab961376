using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Bpf.Programs;

internal sealed partial class SensorPrograms
{
    private static BpfObject LoadSched(SensorProgramOptions options, ILogger logger)
    {
        foreach (string tracepoint in new[] { "sched_switch", "hrtimer_expire_exit" })
        {
            if (!TracepointProbe.SupportsTpBtf(tracepoint))
            {
                throw new BpfStageException(BpfStage.Open, SchedEventsNative.ObjectName, null, 0,
                    $"this kernel cannot attach BTF-typed tracepoints (tp_btf/{tracepoint}); kernel 5.11+ with BTF (CONFIG_DEBUG_INFO_BTF=y) is required");
            }
        }

        if (!File.Exists(options.SchedInfoProbePath))
        {
            throw new BpfStageException(BpfStage.Open, SchedEventsNative.ObjectName, null, 0,
                $"this kernel has no scheduler delay accounting ({options.SchedInfoProbePath} is missing): CONFIG_SCHED_INFO=y (selected by TASK_DELAY_ACCT or SCHEDSTATS) is required to measure waits");
        }

        // 6.18+ classifies throttling at the switch-out; older kernels also need the wakeups.
        bool wakeups = !KernelRelease.AtLeast(options.KernelRelease, 6, 18);
        var obj = BpfObject.Open(SchedEventsNative.ObjectName, EmbeddedBpfObjects.Read(SchedEventsNative.ObjectName), logger);
        try
        {
            obj.SetReadOnlyData(new SchedEventsConfigNative { WindowNs = options.WindowNs, MaxCgroups = options.MaxCgroups });
            foreach (string map in new[] { SchedEventsNative.SlotsMap, SchedEventsNative.StatsMap, SchedEventsNative.FreeSlotsMap })
            {
                obj.SetMaxEntries(map, options.MaxCgroups);
            }
            foreach (string program in SchedEventsNative.WakeupPrograms)
            {
                obj.SetAutoload(program, wakeups);
            }

            obj.Load();
            obj.AttachAllAutoloaded();
            if (!SchedEventsNative.TickSymbols.Any(symbol => KernelSymbols.IsResolvable(symbol, options.KallsymsPath)))
            {
                Log.TickUnresolved(logger, string.Join(", ", SchedEventsNative.TickSymbols), options.KallsymsPath);
            }

            return obj;
        }
        catch
        {
            obj.Dispose();
            throw;
        }
    }

    private static BpfObject LoadPeriod(SensorProgramOptions options, ILogger logger) =>
        LoadWithFallback(CfsPeriodNative.ObjectName, "hrtimer_expire_entry", CfsPeriodNative.TpBtfProgram, CfsPeriodNative.RawTpProgram, logger,
            obj => obj.SetReadOnlyData(new CfsPeriodConfigNative { NrCpus = (uint)Math.Min(BpfObject.PossibleCpus, CfsPeriodNative.MaxCpus) }),
            requireKsym: "sched_cfs_period_timer", options.KallsymsPath);

    private static BpfObject LoadOom(ILogger logger) =>
        LoadWithFallback(OomKillsNative.ObjectName, "mark_victim", OomKillsNative.TpBtfProgram, OomKillsNative.RawTpProgram, logger, _ => { }, requireKsym: null, kallsymsPath: null);

    /// <summary>
    /// All five hooks are tp_btf, with no raw_tp twins: they are rare events, and a kernel without
    /// BTF-typed tracepoints already fails sched_events. Each is checked first so the reason names it.
    /// </summary>
    private static BpfObject LoadStartTimeline(ILogger logger)
    {
        foreach (string tracepoint in StartTimelineNative.Tracepoints)
        {
            if (!TracepointProbe.SupportsTpBtf(tracepoint))
            {
                throw new BpfStageException(BpfStage.Open, StartTimelineNative.ObjectName, null, 0,
                    $"this kernel cannot attach tp_btf/{tracepoint}");
            }
        }

        var obj = BpfObject.Open(StartTimelineNative.ObjectName, EmbeddedBpfObjects.Read(StartTimelineNative.ObjectName), logger);
        try
        {
            obj.Load();
            obj.AttachAllAutoloaded();
            return obj;
        }
        catch
        {
            obj.Dispose();
            throw;
        }
    }

    /// <summary>Loads the tp_btf program when the kernel supports it, else its raw_tp twin.</summary>
    private static BpfObject LoadWithFallback(string objectName, string tracepoint, string tpBtf, string rawTp, ILogger logger, Action<BpfObject> configure, string? requireKsym, string? kallsymsPath)
    {
        if (requireKsym is not null && !KernelSymbols.IsResolvable(requireKsym, kallsymsPath ?? "/proc/kallsyms"))
        {
            throw new BpfStageException(BpfStage.Configure, objectName, requireKsym, 0,
                $"kernel symbol {requireKsym} is not readable in {kallsymsPath} (needs root or CAP_SYSLOG, and kptr_restrict < 2)");
        }

        bool useBtf = TracepointProbe.SupportsTpBtf(tracepoint);
        var obj = BpfObject.Open(objectName, EmbeddedBpfObjects.Read(objectName), logger);
        try
        {
            obj.SetAutoload(useBtf ? rawTp : tpBtf, false);
            configure(obj);
            obj.Load();
            obj.Attach(useBtf ? tpBtf : rawTp);
            return obj;
        }
        catch
        {
            obj.Dispose();
            throw;
        }
    }

    private static BpfObject? TryLoadOptional(Func<BpfObject> load, string name, string consequence, IDictionary<string, string> unavailable, ILogger logger)
    {
        try
        {
            return load();
        }
        catch (BpfStageException ex)
        {
            Log.OptionalProgramUnavailable(logger, name, consequence, ex.Message);
            unavailable[name] = ex.Message;
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "None of the scheduler tick's functions ({Symbols}) has an address in {KallsymsPath}: a running task's CPU time is counted when it switches out, not every tick")]
        public static partial void TickUnresolved(ILogger logger, string symbols, string kallsymsPath);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "BPF object '{Name}' is unavailable, {Consequence}: {Reason}")]
        public static partial void OptionalProgramUnavailable(ILogger logger, string name, string consequence, string reason);
    }
}
