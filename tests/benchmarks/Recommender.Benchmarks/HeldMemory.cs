namespace KernelTruth.Recommender.Benchmarks;

/// <summary>
/// Managed bytes measured on a settled heap. Shared with tests/Cluster.Tests (linked there), which measure the
/// cluster writers' gates the same way.
/// </summary>
internal static class HeldMemory
{
    /// <summary>
    /// The bytes only <paramref name="held"/> keeps alive: the heap with it and, at once, without it (the reference
    /// is cleared). A difference from a "before" taken minutes earlier would also count what the runtime cached or
    /// trimmed meanwhile (the shared ArrayPool gives arrays back on its own schedule): ±800 B per model was seen.
    /// </summary>
    public static long HeldBytes<T>(ref T? held)
        where T : class
    {
        long with = Settled();
        GC.KeepAlive(held);
        held = null;
        return with - Settled();
    }

    public static long Settled()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
