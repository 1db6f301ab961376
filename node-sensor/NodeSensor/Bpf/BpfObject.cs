using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using KernelTruth.NodeSensor.Bpf.Native;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// One BPF ELF object through its lifecycle: <see cref="Open"/> → configure
/// (<see cref="SetAutoload"/>, <see cref="SetMaxEntries"/>, <see cref="SetReadOnlyData{T}"/>) →
/// <see cref="Load"/> → attach → read. libbpf or kernel refusals throw
/// <see cref="BpfStageException"/> for the stage; calling a stage out of order is a bug in the
/// caller and throws <see cref="InvalidOperationException"/>. <see cref="Dispose"/> is the one
/// release path: links first, then the object. Not thread-safe (neither is a libbpf object);
/// reads of different maps from one polling thread are the intended use.
/// This file: open/configure/load/dispose; BpfObject.Run.cs: attach/read/stats.
/// </summary>
internal sealed unsafe partial class BpfObject : IDisposable
{
    private readonly BpfObjectHandle _handle;
    private readonly ILogger _logger;
    private readonly LibBpfLogCapture _capture;
    private readonly List<BpfLinkHandle> _links = [];
    private readonly Dictionary<int, BpfMapRef> _mapsByFd = [];

    // Pinned so that any pointer libbpf keeps into the ELF image stays valid for the object's
    // lifetime (1.1 copies what it needs during open, but that is not a documented promise).
    private readonly byte[] _elf;
    private LifecycleState _state = LifecycleState.Opened;

    private BpfObject(string name, BpfObjectHandle handle, byte[] elf, ILogger logger, LibBpfLogCapture capture)
    {
        Name = name;
        _handle = handle;
        _elf = elf;
        _logger = logger;
        _capture = capture;
    }

    private enum LifecycleState
    {
        Opened,
        LoadFailed,
        Loaded,
        Disposed,
    }

    public string Name { get; }

    /// <summary>C function names of every program in the object, in ELF order.</summary>
    public IReadOnlyList<string> ProgramNames
    {
        get
        {
            var names = new List<string>();
            foreach (var program in Programs())
            {
                names.Add(LibBpf.ToManaged(LibBpf.bpf_program__name(program)) ?? "?");
            }

            return names;
        }
    }

    public static BpfObject Open(string objectName, ReadOnlySpan<byte> elf, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectName);
        ArgumentNullException.ThrowIfNull(logger);
        LibBpfLogRouter.EnsureInstalled();

        var capture = new LibBpfLogCapture(logger, objectName);
        var image = GC.AllocateUninitializedArray<byte>(elf.Length, pinned: true);
        elf.CopyTo(image);
        var nameUtf8 = Encoding.UTF8.GetBytes(objectName + "\0");

        nint obj;
        int errno;
        using (LibBpfLogRouter.Capture(capture))
        {
            fixed (byte* name = nameUtf8)
            fixed (byte* buffer = image)
            {
                var opts = BpfObjectOpenOpts.Create(name);
                obj = LibBpf.bpf_object__open_mem(buffer, (nuint)image.Length, &opts);
                errno = Marshal.GetLastPInvokeError();
            }
        }

        if (obj == nint.Zero)
        {
            throw new BpfStageException(BpfStage.Open, objectName, null, errno,
                $"bpf_object__open_mem rejected the {image.Length}-byte ELF image", capture.Tail());
        }

        var opened = new BpfObject(objectName, new BpfObjectHandle(obj), image, logger, capture);
        Log.Opened(logger, objectName, image.Length, opened.ProgramNames.Count);
        return opened;
    }

    /// <summary>Choose whether a program is loaded, e.g. a tp_btf program or its raw_tp twin.</summary>
    public void SetAutoload(string program, bool autoload)
    {
        RequireState(LifecycleState.Opened, "SetAutoload");
        using var scope = BeginStage();
        var prog = FindProgram(program, BpfStage.Configure);
        var rc = LibBpf.bpf_program__set_autoload(prog, autoload);
        if (rc < 0)
        {
            throw Fail(BpfStage.Configure, $"program {program}", -rc, $"bpf_program__set_autoload({autoload}) failed");
        }
    }

    public void SetMaxEntries(string map, uint maxEntries)
    {
        RequireState(LifecycleState.Opened, "SetMaxEntries");
        using var scope = BeginStage();
        var rc = LibBpf.bpf_map__set_max_entries(FindMap(map, BpfStage.Configure), maxEntries);
        if (rc < 0)
        {
            throw Fail(BpfStage.Configure, $"map {map}", -rc, $"bpf_map__set_max_entries({maxEntries}) failed");
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> at offset 0 of the object's <c>.rodata</c>. The BPF side
    /// keeps all its configuration in one <c>const volatile</c> struct, which therefore sits at
    /// offset 0; the verifier then sees the values as constants and prunes disabled branches.
    /// </summary>
    public void SetReadOnlyData<T>(T value)
        where T : unmanaged
    {
        RequireState(LifecycleState.Opened, "SetReadOnlyData");
        using var scope = BeginStage();
        var map = FindRodata();
        nuint size = 0;
        var data = LibBpf.bpf_map__initial_value(map, &size);
        if (data is null)
        {
            throw Fail(BpfStage.Configure, "map .rodata", Errno.EINVAL, "bpf_map__initial_value returned no data");
        }

        if ((nuint)sizeof(T) > size)
        {
            throw Fail(BpfStage.Configure, "map .rodata", Errno.E2BIG,
                $"{typeof(T).Name} is {sizeof(T)} bytes but .rodata holds only {size}: the C# mirror and the BPF config struct disagree");
        }

        Unsafe.WriteUnaligned(data, value);
    }

    public void Load()
    {
        RequireState(LifecycleState.Opened, "Load");
        using var scope = BeginStage();
        var rc = LibBpf.bpf_object__load(Handle);

        // libbpf marks the object loaded even when loading failed; it can only be disposed now.
        _state = rc < 0 ? LifecycleState.LoadFailed : LifecycleState.Loaded;
        if (rc < 0)
        {
            throw Fail(BpfStage.Load, null, -rc, "bpf_object__load failed", _capture.Tail());
        }

        Log.Loaded(_logger, Name);
    }

    public void Dispose()
    {
        if (_state == LifecycleState.Disposed)
        {
            return;
        }

        _state = LifecycleState.Disposed;
        using var scope = LibBpfLogRouter.Capture(_capture);
        for (var i = _links.Count - 1; i >= 0; i--)
        {
            _links[i].Dispose();
        }

        _links.Clear();
        _mapsByFd.Clear();
        _handle.Dispose();
        GC.KeepAlive(_elf); // the image must outlive bpf_object__close
        Log.Closed(_logger, Name);
    }

    private nint Handle => _handle.DangerousGetHandle();

    private LibBpfLogRouter.CaptureScope BeginStage()
    {
        _capture.Clear();
        return LibBpfLogRouter.Capture(_capture);
    }

    private void RequireState(LifecycleState required, string operation)
    {
        ObjectDisposedException.ThrowIf(_state == LifecycleState.Disposed, this);
        if (_state != required)
        {
            throw new InvalidOperationException(
                $"{operation} on BPF object '{Name}' needs state {required} but it is {_state}.");
        }
    }

    private BpfStageException Fail(BpfStage stage, string? item, int errno, string detail, string? tail = null) =>
        new(stage, Name, item, errno, detail, tail ?? _capture.Tail());

    private IEnumerable<nint> Programs()
    {
        ObjectDisposedException.ThrowIf(_state == LifecycleState.Disposed, this);
        for (var prog = LibBpf.bpf_object__next_program(Handle, 0); prog != 0;
             prog = LibBpf.bpf_object__next_program(Handle, prog))
        {
            yield return prog;
        }
    }

    private nint FindProgram(string program, BpfStage stage)
    {
        var prog = LibBpf.bpf_object__find_program_by_name(Handle, program);
        return prog != 0
            ? prog
            : throw Fail(stage, $"program {program}", Errno.ENOENT,
                $"no such program; the object has: {string.Join(", ", ProgramNames)}");
    }

    private nint FindMap(string map, BpfStage stage)
    {
        var found = LibBpf.bpf_object__find_map_by_name(Handle, map);
        return found != 0 ? found : throw Fail(stage, $"map {map}", Errno.ENOENT, "no such map");
    }

    // Internal maps are named "<first 8 chars of object name>.rodata"; ".rodata.str1.1" etc. hold
    // string literals and do not match.
    private nint FindRodata()
    {
        for (var map = LibBpf.bpf_object__next_map(Handle, 0); map != 0; map = LibBpf.bpf_object__next_map(Handle, map))
        {
            var name = LibBpf.ToManaged(LibBpf.bpf_map__name(map));
            if (name is not null && name.EndsWith(".rodata", StringComparison.Ordinal))
            {
                return map;
            }
        }

        throw Fail(BpfStage.Configure, "map .rodata", Errno.ENOENT,
            "the object has no .rodata map: declare the config as a `const volatile` global struct");
    }
}
