using System.Globalization;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Input;

namespace KernelTruth.Models.Contention;

/// <summary>
/// Contention (run-queue) wait: runnable but not running because the CPU was busy, throttled time
/// excluded by the sensor. A CPU limit cannot fix it; more CPU share (request → cpu.weight) or a
/// less busy node can.
/// </summary>
/// <remarks>Worked example: p99 of 12 ms over the default 10 ms threshold ⇒ the note below is produced.</remarks>
// A mutable struct inside WorkloadModel, reached by ref; never copy it to change it. The wait shape
// (WaitHistogram.Shape, shared by all containers) is passed in by the owner. The histogram is inline: nearly every
// running container waits for a CPU in its first interval, so an object made on the first wait (8 bytes of reference,
// 16 of header) would be made anyway.
internal struct ContentionModel
{
    private WaitHistogram _waits = new();

    public ContentionModel()
    {
    }

    public readonly int RetainedBytes => _waits.RetainedBytes;

    public readonly bool IsEmpty => _waits.IsEmpty;

    public void Add(HistogramShape waitShape, WorkloadInterval interval) => _waits.Add(waitShape, interval.ContentionWait, interval.Time);

    public readonly double PercentileSeconds(HistogramShape waitShape, double p) => _waits.PercentileSeconds(waitShape, p);

    /// <summary>An explanation when contention wait p99 exceeds <paramref name="threshold"/>, else null.</summary>
    public readonly string? Note(HistogramShape waitShape, TimeSpan threshold)
    {
        double p99 = PercentileSeconds(waitShape, 0.99);
        if (_waits.IsEmpty || p99 <= threshold.TotalSeconds)
        {
            return null;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"contention wait p99 is {p99 * 1000:0.#} ms (> {threshold.TotalMilliseconds:0.#} ms): runnable threads waited for a CPU that others held. The node is short of CPU or this container's request (its cpu.weight) is too low against its neighbours; raise the request, spread the pods or add nodes. A limit change will not fix it.");
    }

    public readonly HistogramState ToState(HistogramShape waitShape) => _waits.ToState(waitShape);

    public void Restore(HistogramShape waitShape, HistogramState state) => _waits.Restore(waitShape, state);
}
