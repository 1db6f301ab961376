using System.Reflection;
using KernelTruth.Models;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Recommender.Benchmarks;

/// <summary>
/// The parts of a <see cref="WorkloadModel"/>, built and fed one kind at a time so each one's bytes
/// can be measured alone. models/ is not changed for this: its parts are internal, so they are
/// reached by reflection, built with the arguments WorkloadModel's constructor passes (defaults)
/// and fed as its Add feeds them.
/// </summary>
internal static class ModelParts
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    public static IReadOnlyList<(string Name, Func<object> Create, Action<object, WorkloadInterval> Feed)> All { get; } = Build();

    private static List<(string, Func<object>, Action<object, WorkloadInterval>)> Build()
    {
        var model = typeof(WorkloadModel);
        var options = new ModelOptions();
        Type TypeOf(string property) => model.GetProperty(property, Any)!.PropertyType;
        object Make(Type type, params object[] args) => Activator.CreateInstance(type, Any, null, args, null)!;
        Action<object, WorkloadInterval> Adds(Type type)
        {
            var add = type.GetMethod("Add", Any, [typeof(WorkloadInterval)])!;
            return (part, interval) => add.Invoke(part, [interval]);
        }

        var demand = TypeOf("Demand");
        var throttle = TypeOf("Throttle");
        var contention = TypeOf("Contention");
        var peaks = TypeOf("Memory");
        var baseline = TypeOf("Baseline");
        object memoryBuckets = model.GetProperty("MemoryBuckets", Any)!.GetValue(null)!;
        int memoryBucketCount = (int)memoryBuckets.GetType().GetProperty("BucketCount", Any)!.GetValue(memoryBuckets)!;
        var addSample = peaks.GetMethod("AddSample", Any)!;
        return
        [
            ("demand (exact + censored)", () => Make(demand, options.DemandHalfLife, options.DemandMaxEntries), Adds(demand)),
            ("throttle observations", () => Make(throttle, options.WaitHalfLife), Adds(throttle)),
            ("contention waits", () => Make(contention, options.WaitHalfLife), Adds(contention)),
            ("memory peaks", () => Make(peaks, memoryBuckets, options.MemoryHalfLife, options.MemoryAggregationInterval, memoryBucketCount, (Func<double, double>)(x => x)),
                (part, i) => addSample.Invoke(part, [(double)Math.Max(i.MemoryPeakBytes ?? i.MemoryBytes, i.MemoryBytes), i.Time])),
            ("VPA baseline (CPU + memory)", () => Make(baseline), Adds(baseline)),
        ];
    }
}
