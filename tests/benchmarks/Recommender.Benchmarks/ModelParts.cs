using System.Reflection;
using KernelTruth.Models;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Recommender.Benchmarks;

/// <summary>
/// The parts of a <see cref="WorkloadModel"/>, built and fed one kind at a time so each one's bytes
/// can be measured alone. models/ is not changed for this: its parts are internal, so they are
/// reached by reflection, built and fed with the shared shapes WorkloadModel passes them
/// (ModelShapes.Default), as its Add feeds them. Any member that moved fails here with its
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

        // Instance constructors only: with Static in the flags a part's static constructor matches too (ambiguous).
        static object Make(Type type, params object[] args) => Activator.CreateInstance(type, Any & ~BindingFlags.Static, null, args, null) ?? throw Missing($"a constructor of {type.Name}");
        Action<object, WorkloadInterval> Adds(Type type)
        {
            var add = type.GetMethod("Add", Any, [typeof(WorkloadInterval)]) ?? throw Missing($"{type.Name}.Add(WorkloadInterval)");
            return (part, interval) => add.Invoke(part, [interval]);
        }

        // The parts are handed their shape on every call, as WorkloadModel.Add does (all but the VPA baseline, whose shapes are fixed).
        Action<object, WorkloadInterval> AddsWith(Type type, object shape)
        {
            var add = type.GetMethod("Add", Any, [shape.GetType(), typeof(WorkloadInterval)]) ?? throw Missing($"{type.Name}.Add({shape.GetType().Name}, WorkloadInterval)");
            return (part, interval) => add.Invoke(part, [shape, interval]);
        }

        var demand = TypeOf("Demand");
        var throttle = TypeOf("Throttle");
        var contention = TypeOf("Contention");
        var peaks = TypeOf("Memory");
        var baseline = TypeOf("Baseline");
        object memoryShape = Shape("Memory");
        var addSample = peaks.GetMethod("AddSample", Any, [memoryShape.GetType(), typeof(double), typeof(DateTimeOffset)]) ?? throw Missing("DailyPeaks.AddSample(PeaksShape, double, DateTimeOffset)");
        return
        [
            ("demand (exact + censored)", () => Make(demand), AddsWith(demand, Shape("Demand"))),
            ("throttle observations", () => Make(throttle), AddsWith(throttle, Shape("Waits"))),
            ("contention waits", () => Make(contention), AddsWith(contention, Shape("Waits"))),
            ("memory peaks", () => Make(peaks),
                (part, i) => addSample.Invoke(part, [memoryShape, (double)Math.Max(i.MemoryPeakBytes ?? i.MemoryBytes, i.MemoryBytes), i.Time])),
            ("VPA baseline (CPU + memory)", () => Make(baseline), Adds(baseline)),
        ];
    }

    private static MissingMemberException Missing(string what) => new($"models/ no longer has {what}: update ModelParts to WorkloadModel's parts");
}
