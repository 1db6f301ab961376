using System.Reflection;
using KernelTruth.Models;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Recommender.Benchmarks;

/// <summary>
/// The parts of a <see cref="WorkloadModel"/>, built and fed one kind at a time so each one's bytes
/// can be measured alone. models/ is not changed for this: its parts are internal, so they are
/// reached by reflection, built from the shared shapes WorkloadModel's constructor passes
/// (ModelShapes.Default) and fed as its Add feeds them. Any member that moved fails here with its
/// name (the benchmark exits nonzero), not with a NullReferenceException.
/// </summary>
internal static class ModelParts
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    public static IReadOnlyList<(string Name, Func<object> Create, Action<object, WorkloadInterval> Feed)> All()
    {
        var model = typeof(WorkloadModel);
        Type shapesType = model.Assembly.GetType("KernelTruth.Models.ModelShapes") ?? throw Missing("type KernelTruth.Models.ModelShapes");
        object shapes = shapesType.GetField("Default", Any)?.GetValue(null) ?? throw Missing("ModelShapes.Default");
        object Shape(string name) => shapesType.GetProperty(name, Any)?.GetValue(shapes) ?? throw Missing($"ModelShapes.{name}");
        Type TypeOf(string property)
        {
            // Throttle and Contention are structs returned by reference.
            Type type = model.GetProperty(property, Any)?.PropertyType ?? throw Missing($"WorkloadModel.{property}");
            return type.IsByRef ? type.GetElementType()! : type;
        }

        static object Make(Type type, params object[] args) => Activator.CreateInstance(type, Any, null, args, null) ?? throw Missing($"a constructor of {type.Name}");
        Action<object, WorkloadInterval> Adds(Type type)
        {
            var add = type.GetMethod("Add", Any, [typeof(WorkloadInterval)]) ?? throw Missing($"{type.Name}.Add(WorkloadInterval)");
            return (part, interval) => add.Invoke(part, [interval]);
        }

        var demand = TypeOf("Demand");
        var throttle = TypeOf("Throttle");
        var contention = TypeOf("Contention");
        var peaks = TypeOf("Memory");
        var baseline = TypeOf("Baseline");
        var addSample = peaks.GetMethod("AddSample", Any) ?? throw Missing("DailyPeaks.AddSample");
        return
        [
            ("demand (exact + censored)", () => Make(demand, Shape("Demand")), Adds(demand)),
            ("throttle observations", () => Make(throttle, Shape("Waits")), Adds(throttle)),
            ("contention waits", () => Make(contention, Shape("Waits")), Adds(contention)),
            ("memory peaks", () => Make(peaks, Shape("Memory")),
                (part, i) => addSample.Invoke(part, [(double)Math.Max(i.MemoryPeakBytes ?? i.MemoryBytes, i.MemoryBytes), i.Time])),
            ("VPA baseline (CPU + memory)", () => Make(baseline), Adds(baseline)),
        ];
    }

    private static MissingMemberException Missing(string what) => new($"models/ no longer has {what}: update ModelParts to WorkloadModel's parts");
}
