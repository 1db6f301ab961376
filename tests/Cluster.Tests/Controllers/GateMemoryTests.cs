using System.Text;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Controllers;
using KernelTruth.Cluster.Tests.Vpa;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;
using Xunit.Abstractions;
using static KernelTruth.Recommender.Benchmarks.HeldMemory;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>Runs alone (after the parallel tests): the heap is measured, and other tests' allocations would blur it.</summary>
[CollectionDefinition(nameof(GateMemoryTests), DisableParallelization = true)]
public sealed class GateMemoryCollection;

/// <summary>
/// What the write gates hold per object, against the status text they gate: 10 000 objects written once, each gate's
/// held bytes measured as the heap with it minus the heap at once without it. Every id is the gate's own string (as in
/// the writers, which build it per loop), so the figure is what the gate costs per object. The figures are printed:
/// <c>dotnet test tests/Cluster.Tests -c Release --filter GateMemoryTests --logger "console;verbosity=detailed"</c>.
/// Measured (December 2026): a profile 234 B with digests, 3 469 B when the gate kept the text (its status JSON is
/// 1 372 B, 2 776 B as a string); a VPA 111 B, was 2 713 B. Since the VPA gate also keeps the resourceVersion it wrote
/// over: a profile 261 B, a VPA 139 B (measured without a version); and the cached statuses' digests each writer keeps
/// (CachedStatusDigests) 187 B, by id and resourceVersion. Now (measured with a version per VPA, 186 B before): a VPA
/// 147 B (the version kept as a digest), a profile 199 B (one dictionary, no version), the cached statuses' digests 64 B
/// managed per status object plus the table's dependent handle (native). A fifth leaves room for the ids and the
/// dictionaries' spare capacity, and a gate that keeps the text holds more than the text alone, so it fails.
/// </summary>
[Collection(nameof(GateMemoryTests))]
public sealed class GateMemoryTests(ITestOutputHelper output)
{
    private const int Objects = 10_000;
    private static readonly DateTimeOffset Now = SampleProfileStatus.Now;

    [Fact]
    public void Written_TenThousandProfiles_GateHoldsUnderAFifthOfTheirStatusText()
    {
        var status = SampleProfileStatus.Build();
        var gate = new ProfileRefreshGate(TimeSpan.FromMinutes(5));
        for (int i = 0; i < Objects; i++)
        {
            gate.Written($"shop/deployment-web-{i}-app", status, Now);
        }

        long gateBytes = HeldBytes(ref gate);
        long textBytes = TextBytes(StatusWriter.Json(status with { LastUpdated = null }), out int jsonBytes);

        output.WriteLine($"WorkloadProfile status JSON {jsonBytes} B (UTF-8); held per profile: gate {gateBytes / Objects} B, its text alone {textBytes / Objects} B");
        Assert.True(gateBytes * 5 < textBytes, $"the gate holds {gateBytes} B for {Objects} profiles whose status text is {textBytes} B");
    }

    [Fact]
    public void Written_TenThousandVpas_GateHoldsUnderAFifthOfTheirStatusText()
    {
        // Two containers, as VpaStatusBuilderTests builds them: a small status, so the ids weigh more here.
        var model = History.Bursty(0.2, 0.8, 30);
        var inputs = new VpaInputs("Deployment shop/web", 2, ["app", "sidecar"], new Dictionary<string, CurrentResources>(), (_, policy) => model.Recommend(policy, Now));
        string json = StatusWriter.Json(VpaStatusBuilder.Build(VpaStatusBuilderTests.Vpa(), inputs, new VpaOptions(), Now).Status);
        var gate = new WriteGate();
        for (int i = 0; i < Objects; i++)
        {
            // As the VPA writer: the id, the digest of its own status text, and the cached object's resourceVersion it
            // wrote over (an etcd revision, 8 digits here), which the gate alone holds once the cache has the next one.
            gate.Written($"vpa/shop/web-{i}", ContentDigest.Of(new string(json)), (41_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        long gateBytes = HeldBytes(ref gate);
        long textBytes = TextBytes(json, out int jsonBytes);

        output.WriteLine($"VPA status JSON {jsonBytes} B (UTF-8); held per VPA: gate {gateBytes / Objects} B, its text alone {textBytes / Objects} B");
        Assert.True(gateBytes * 5 < textBytes, $"the gate holds {gateBytes} B for {Objects} VPAs whose status text is {textBytes} B");
    }

    [Fact]
    public void Of_TenThousandVpas_CachedDigestsHoldUnderAFifthOfTheirStatusText()
    {
        // As the VPA writer keeps them: one entry per cached status object, each VPA's status its own object, held by
        // the cache (here by the list, outside what is measured).
        var model = History.Bursty(0.2, 0.8, 30);
        var inputs = new VpaInputs("Deployment shop/web", 2, ["app", "sidecar"], new Dictionary<string, CurrentResources>(), (_, policy) => model.Recommend(policy, Now));
        var status = VpaStatusBuilder.Build(VpaStatusBuilderTests.Vpa(), inputs, new VpaOptions(), Now).Status;
        var cached = Enumerable.Range(0, Objects).Select(_ => status with { }).ToList();
        var digests = new CachedStatusDigests<VpaStatus>(StatusWriter.Json);
        foreach (var one in cached)
        {
            digests.Of(one);
        }

        Assert.Equal(Objects, digests.Count);
        long held = HeldBytes(ref digests);
        GC.KeepAlive(cached);
        long textBytes = TextBytes(StatusWriter.Json(status), out _);

        output.WriteLine($"cached-status digests held per VPA: {held / Objects} B managed, plus a dependent handle (native) each (its status text alone {textBytes / Objects} B)");
        Assert.True(held * 5 < textBytes, $"the digests hold {held} B for {Objects} VPAs whose status text is {textBytes} B");
    }

    /// <summary>What <see cref="Objects"/> copies of the status text hold on their own: the baseline a gate is held to.</summary>
    private static long TextBytes(string json, out int utf8Bytes)
    {
        utf8Bytes = Encoding.UTF8.GetByteCount(json);
        var texts = new List<string>(Objects);
        for (int i = 0; i < Objects; i++)
        {
            texts.Add(new string(json));
        }

        return HeldBytes(ref texts);
    }
}
