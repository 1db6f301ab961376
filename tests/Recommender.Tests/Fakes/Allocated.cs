namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>Bytes an object costs, measured as what making it allocates on this thread.</summary>
internal static class Allocated
{
    /// <summary>
    /// The bytes one call of <paramref name="make"/> allocates, after a first call has loaded its types and compiled its
    /// code (which allocate too). The delegate is made before counting; calling it allocates nothing of its own.
    /// </summary>
    public static long By<T>(Func<T> make)
    {
        GC.KeepAlive(make());
        long before = GC.GetAllocatedBytesForCurrentThread();
        var made = make();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(made);
        return allocated;
    }
}
