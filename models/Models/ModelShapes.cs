using KernelTruth.Models.Demand;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Memory;

namespace KernelTruth.Models;

/// <summary>
/// The histogram shapes one <see cref="ModelOptions"/> implies, built once and shared by every model
/// with those options (the defaults' shapes are static).
/// </summary>
internal sealed class ModelShapes
{
    public ModelShapes(ModelOptions options)
    {
        Options = options;
        Demand = DemandModel.Shape(options.DemandHalfLife, options.DemandMaxEntries);

        // Per-minute demand on the same grid, half-life and entry budget as per-period demand.
        MinuteDemand = DemandModel.Shape(options.DemandHalfLife, options.DemandMaxEntries);
        Waits = WaitHistogram.Shape(options.WaitHalfLife);
        Memory = new PeaksShape(new HistogramShape(MemoryBuckets, options.MemoryHalfLife, 1e-4, MemoryBuckets.BucketCount), options.MemoryAggregationInterval, static x => x);
    }

    /// <summary>Our memory peaks: 1 MiB first bucket, 1 % growth, up to 1 TB (922 buckets, held sparsely).</summary>
    public static ExponentialBuckets MemoryBuckets { get; } = new(1024 * 1024, 1.01, ModelDefaults.MaxMemoryBytes);

    // After MemoryBuckets: static initialisers run in text order.
    public static readonly ModelShapes Default = new(new ModelOptions());

    public ModelOptions Options { get; }

    public HistogramShape Demand { get; }

    public HistogramShape MinuteDemand { get; }

    public HistogramShape Waits { get; }

    public PeaksShape Memory { get; }
}
