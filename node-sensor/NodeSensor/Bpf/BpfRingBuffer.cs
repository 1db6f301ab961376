using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// Consumes a BPF_MAP_TYPE_RINGBUF map through libbpf's ring_buffer__new/poll. Each record is
/// handed to the callback as a span valid only during the call (it points into the shared ring).
/// Poll from one thread; <see cref="Dispose"/> frees the consumer (the map lives with its object).
/// </summary>
internal sealed unsafe class BpfRingBuffer : IDisposable
{
    private readonly RingBufferHandle _handle;
    private readonly GCHandle _self;
    private readonly RecordHandler _onRecord;
    private Exception? _callbackFailure;

    public BpfRingBuffer(int mapFd, string mapName, RecordHandler onRecord)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        _onRecord = onRecord;
        _self = GCHandle.Alloc(this);
        nint rb = LibBpf.ring_buffer__new(mapFd, &OnSample, GCHandle.ToIntPtr(_self), null);
        if (rb == nint.Zero)
        {
            int errno = Marshal.GetLastPInvokeError();
            _self.Free();
            throw new BpfStageException(BpfStage.Read, "ring buffer", mapName, errno, $"ring_buffer__new failed: {BpfErrors.Describe(errno)}");
        }

        _handle = new RingBufferHandle(rb);
        MapName = mapName;
    }

    public delegate void RecordHandler(ReadOnlySpan<byte> record);

    public string MapName { get; }

    /// <summary>Waits up to <paramref name="timeout"/> for records and hands each to the callback; returns how many.</summary>
    public int Poll(TimeSpan timeout)
    {
        int n = LibBpf.ring_buffer__poll(_handle.DangerousGetHandle(), (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
        RethrowCallbackFailure();
        if (n < 0 && n != -Errno.EINTR)
        {
            throw new BpfStageException(BpfStage.Read, "ring buffer", MapName, -n, $"ring_buffer__poll failed: {BpfErrors.Describe(-n)}");
        }

        return Math.Max(n, 0);
    }

    /// <summary>Hands every record already in the ring to the callback without waiting.</summary>
    public int Drain()
    {
        int n = LibBpf.ring_buffer__consume(_handle.DangerousGetHandle());
        RethrowCallbackFailure();
        return n < 0 ? throw new BpfStageException(BpfStage.Read, "ring buffer", MapName, -n, $"ring_buffer__consume failed: {BpfErrors.Describe(-n)}") : n;
    }

    public void Dispose()
    {
        _handle.Dispose();
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    private void RethrowCallbackFailure()
    {
        if (_callbackFailure is { } failure)
        {
            _callbackFailure = null;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    [UnmanagedCallersOnly]
    private static int OnSample(nint ctx, void* data, nuint size)
    {
        var self = (BpfRingBuffer)GCHandle.FromIntPtr(ctx).Target!;
        try
        {
            self._onRecord(new ReadOnlySpan<byte>(data, checked((int)size)));
            return 0;
        }
        catch (Exception ex)
        {
            // An exception must not cross into libbpf: stop this poll and rethrow it from Poll.
            self._callbackFailure = ex;
            return -Errno.EINVAL;
        }
    }

    private sealed class RingBufferHandle : SafeHandle
    {
        internal RingBufferHandle(nint rb)
            : base(nint.Zero, ownsHandle: true) => SetHandle(rb);

        public override bool IsInvalid => handle == nint.Zero;

        protected override bool ReleaseHandle()
        {
            LibBpf.ring_buffer__free(handle);
            return true;
        }
    }
}
