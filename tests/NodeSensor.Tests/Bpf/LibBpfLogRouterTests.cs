using KernelTruth.NodeSensor.Bpf;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>libbpf's print function is process-global; the router must still keep objects apart.</summary>
public sealed class LibBpfLogRouterTests
{
    [Fact]
    public void Load_TwoObjectsOnTwoThreads_EachLoggerGetsOnlyItsOwnLibBpfLines()
    {
        BpfTestObjects.RequireKernelBpf();
        var elf = BpfTestObjects.Elf(BpfTestObjects.Counter);
        var loggers = new[] { new ListLogger(), new ListLogger() };
        string[] names = ["router_a", "router_b"];

        Parallel.For(0, 2, i =>
        {
            for (var round = 0; round < 5; round++)
            {
                using var obj = BpfObject.Open(names[i], elf, loggers[i]);
                obj.SetAutoload(BpfTestObjects.RawProgram, false);
                obj.Load();
            }
        });

        for (var i = 0; i < 2; i++)
        {
            var libbpfLines = loggers[i].Entries.Where(e => e.Message.StartsWith("libbpf [", StringComparison.Ordinal)).ToList();
            Assert.Contains(libbpfLines, e => e.Message.Contains($"loading object '{names[i]}'"));
            Assert.All(libbpfLines, e => Assert.StartsWith($"libbpf [{names[i]}]", e.Message));
            Assert.DoesNotContain(libbpfLines, e => e.Message.Contains(names[1 - i]));
        }
    }

    [Fact]
    public void Clean_LibBpfPrefixAndNewline_Removed()
    {
        Assert.Equal("prog 'x': failed", LibBpfLogRouter.Clean("libbpf: prog 'x': failed\n"));
    }

    [Fact]
    public void Attach_AfterOpenLoggedDebugLines_FailureQuotesOnlyItsOwnStage()
    {
        BpfTestObjects.RequireKernelBpf();
        var logger = new ListLogger();
        using var obj = BpfObject.Open(BpfTestObjects.Counter, BpfTestObjects.Elf(BpfTestObjects.Counter), logger);

        // Open logs many debug lines ("elf: section(3) ..."); an attach failure must quote only its own.
        obj.Load();
        var e = Assert.Throws<BpfStageException>(() => obj.Attach("missing"));

        Assert.Contains(logger.Entries, x => x.Level == LogLevel.Debug && x.Message.Contains("elf: section"));
        Assert.DoesNotContain("elf: section", e.Message);
    }
}
