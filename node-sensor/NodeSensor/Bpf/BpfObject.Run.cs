using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>The attach and read stages of <see cref="BpfObject"/>.</summary>
internal sealed unsafe partial class BpfObject
{
    /// <summary>Links this object owns; all are destroyed by <see cref="Dispose"/>.</summary>
    public IReadOnlyList<BpfLinkHandle> Links => _links;

    /// <summary>
    /// Attaches by the program's section (tp_btf/x, raw_tp/x, tracepoint/c/x). The returned link is
    /// owned by this object; dispose it early only to detach a single program.
    /// </summary>
    public BpfLinkHandle Attach(string program)
    {
        RequireState(LifecycleState.Loaded, "Attach");
        using var scope = BeginStage();
        var link = LibBpf.bpf_program__attach(FindProgram(program, BpfStage.Attach));
        var errno = Marshal.GetLastPInvokeError();
        if (link == 0)
        {
            throw Fail(BpfStage.Attach, $"program {program}", errno == 0 ? Errno.EINVAL : errno,
                "bpf_program__attach failed");
        }

        var handle = new BpfLinkHandle(link, program);
        _links.Add(handle);
        Log.Attached(_logger, Name, program);
        return handle;
    }

    /// <summary>Attaches every program left with autoload on (the variants chosen before load).</summary>
    public IReadOnlyList<BpfLinkHandle> AttachAllAutoloaded()
    {
        RequireState(LifecycleState.Loaded, "AttachAllAutoloaded");
        var chosen = new List<string>();
        foreach (var program in Programs())
        {
            if (LibBpf.bpf_program__autoload(program))
            {
                chosen.Add(LibBpf.ToManaged(LibBpf.bpf_program__name(program)) ?? "?");
            }
        }

        return chosen.Select(Attach).ToList();
    }

    public int MapFd(string map) => ResolveMap(map).Fd;

    /// <summary>Number of possible CPUs: the length of every per-CPU value.</summary>
    public static int PossibleCpus => BpfMapReader.PossibleCpus;

    public bool IsAttached(string program) => _links.Any(l => l.ProgramName == program);

    public void Update<TKey, TValue>(int fd, TKey key, TValue value)
        where TKey : unmanaged
        where TValue : unmanaged =>
        BpfMapReader.Update(ByFd(fd), key, value);

    /// <summary>Pushes a value onto a BPF_MAP_TYPE_QUEUE or STACK map.</summary>
    public void Push<TValue>(int fd, TValue value)
        where TValue : unmanaged =>
        BpfMapReader.Push(ByFd(fd), value);

    /// <summary>Removes an entry (e.g. of a cgroup that is gone); false when it was not there.</summary>
    public bool Delete<TKey>(int fd, TKey key)
        where TKey : unmanaged =>
        BpfMapReader.Delete(ByFd(fd), key);

    public bool TryLookup<TKey, TValue>(int fd, TKey key, out TValue value)
        where TKey : unmanaged
        where TValue : unmanaged =>
        BpfMapReader.TryLookup(ByFd(fd), key, out value);

    /// <summary>
    /// Every entry, read with bpf_map_lookup_batch in chunks (key by key for map types without
    /// batch support). Eager, so errors surface here and not half-way through an enumeration.
    /// Not a snapshot: entries the program changes meanwhile may appear in either state.
    /// </summary>
    public IReadOnlyList<(TKey Key, TValue Value)> ReadAll<TKey, TValue>(
        int fd, uint batchSize = BpfMapReader.DefaultBatchSize)
        where TKey : unmanaged
        where TValue : unmanaged =>
        BpfMapReader.ReadAll<TKey, TValue>(ByFd(fd), batchSize);

    /// <summary>One value per possible CPU (index = CPU id); empty when the key is absent.</summary>
    public T[] LookupPerCpu<TKey, T>(int fd, TKey key)
        where TKey : unmanaged
        where T : unmanaged =>
        BpfMapReader.LookupPerCpu<TKey, T>(ByFd(fd), key);

    public ProgramRunStats GetProgramStats(string program)
    {
        var info = GetProgramInfo(program);
        return new ProgramRunStats(info.RunTimeNs, info.RunCnt, info.RecursionMisses);
    }

    /// <summary>
    /// Turns on the kernel's per-program run-time accounting (BPF_STATS_RUN_TIME) until the result
    /// is disposed. It costs ~20 ns per program run, so enable it for overhead measurement only.
    /// </summary>
    public static IDisposable EnableRunTimeStats()
    {
        var fd = LibBpf.bpf_enable_stats(BpfStatsType.RunTime);
        return fd < 0
            ? throw new BpfStageException(BpfStage.Read, "-", null, -fd, "bpf_enable_stats(BPF_STATS_RUN_TIME) failed")
            : new FileDescriptorHandle(fd);
    }

    /// <summary>The kernel's id for a loaded program (what bpftool prog show lists).</summary>
    internal uint ProgramId(string program) => GetProgramInfo(program).Id;

    private BpfProgInfo GetProgramInfo(string program)
    {
        RequireState(LifecycleState.Loaded, "GetProgramStats");
        using var scope = BeginStage();
        var fd = LibBpf.bpf_program__fd(FindProgram(program, BpfStage.Read));
        if (fd < 0)
        {
            throw Fail(BpfStage.Read, $"program {program}", -fd, "program has no fd: was autoload off?");
        }

        BpfProgInfo info = default;
        var length = (uint)sizeof(BpfProgInfo);
        var rc = LibBpf.bpf_obj_get_info_by_fd(fd, &info, &length);
        return rc < 0 ? throw Fail(BpfStage.Read, $"program {program}", -rc, "bpf_obj_get_info_by_fd failed") : info;
    }

    private BpfMapRef ResolveMap(string map)
    {
        RequireState(LifecycleState.Loaded, "MapFd");
        using var scope = BeginStage();
        var fd = LibBpf.bpf_map__fd(FindMap(map, BpfStage.Read));
        if (fd < 0)
        {
            throw Fail(BpfStage.Read, $"map {map}", -fd, "map has no fd");
        }

        if (!_mapsByFd.TryGetValue(fd, out var resolved))
        {
            resolved = new BpfMapRef(Name, map, fd, BpfMapReader.GetInfo(fd, Name, map));
            _mapsByFd[fd] = resolved;
        }

        return resolved;
    }

    // Reads accept only fds this object handed out: an fd from elsewhere (or from a disposed
    // object, possibly reused by the process since) would read the wrong map.
    private BpfMapRef ByFd(int fd)
    {
        RequireState(LifecycleState.Loaded, "read");
        return _mapsByFd.TryGetValue(fd, out var map)
            ? map
            : throw Fail(BpfStage.Read, $"fd {fd}", Errno.EINVAL, "not a map fd from MapFd() of this object");
    }
}
