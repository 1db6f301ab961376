using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Bpf;
using KernelTruth.NodeSensor.Bpf.Programs;

namespace KernelTruth.NodeSensor.Recording;

/// <summary>
/// Streams per-period records of chosen cgroups from the kernel's CFS period timer while it lives.
/// Only those cgroups emit (a BPF hash of their ids gates the ring buffer); disposing removes them,
/// so the sensor returns to its steady-state cost. Poll from one thread.
/// </summary>
public sealed class PeriodRecorder : IDisposable
{
    private readonly SensorPrograms _programs;
    private readonly IReadOnlyCollection<ulong> _cgroupIds;
    private readonly BpfRingBuffer _ring;
    private readonly ulong _droppedAtStart;
    private readonly List<KernelPeriodRecord> _received = [];

    internal PeriodRecorder(SensorPrograms programs, IReadOnlyCollection<ulong> cgroupIds)
    {
        if (cgroupIds.Count is 0 or > (int)CfsPeriodNative.MaxRecordedCgroups)
        {
            throw new ArgumentOutOfRangeException(nameof(cgroupIds), $"record 1 to {CfsPeriodNative.MaxRecordedCgroups} cgroups at once, not {cgroupIds.Count}");
        }

        _programs = programs;
        _cgroupIds = cgroupIds;
        _droppedAtStart = Dropped();
        _ring = programs.OpenPeriodRecords(OnRecord);
        try
        {
            foreach (ulong id in cgroupIds)
            {
                programs.SetRecorded(id, true);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Records the kernel could not hand over because the ring was full (the reader fell behind).</summary>
    public ulong DroppedRecords => Dropped() - _droppedAtStart;

    /// <summary>Waits up to <paramref name="timeout"/> and returns the records that arrived (in arrival order).</summary>
    public IReadOnlyList<KernelPeriodRecord> Poll(TimeSpan timeout)
    {
        _received.Clear();
        _ring.Poll(timeout);
        return [.. _received];
    }

    public void Dispose()
    {
        foreach (ulong id in _cgroupIds)
        {
            try
            {
                _programs.SetRecorded(id, false);
            }
            catch (BpfStageException)
            {
                // never added (start failed half way): nothing to remove
            }
        }

        _ring?.Dispose();
    }

    private ulong Dropped() => _programs.ReadErrors().GetValueOrDefault(CfsPeriodNative.RecordRingFullError);

    private void OnRecord(ReadOnlySpan<byte> data)
    {
        if (data.Length < Marshal.SizeOf<PeriodRecordNative>())
        {
            throw new InvalidDataException($"period record of {data.Length} bytes is shorter than struct period_record ({Marshal.SizeOf<PeriodRecordNative>()})");
        }

        var r = MemoryMarshal.Read<PeriodRecordNative>(data);
        _received.Add(new KernelPeriodRecord(r.CgroupId, (long)r.ExpiresNs, r.UsedNs, (long)r.QuotaNs, (long)r.PeriodNs, (long)r.BurstNs, (long)r.NrPeriods, (long)r.NrThrottled, (long)r.ThrottledTimeNs, (int)r.CpusUsed, (long)r.MaxCpuUsedNs, (int)r.ThrottledCpus));
    }
}
