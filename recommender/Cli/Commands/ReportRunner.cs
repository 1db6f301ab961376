using KernelTruth.Cli.Configuration;
using KernelTruth.Models.Recommendations;
using KernelTruth.Reports.Input;
using KernelTruth.Reports.Model;
using KernelTruth.Reports.Output;
using KernelTruth.Reports.Prediction;
using KernelTruth.Reports.Render;

namespace KernelTruth.Cli.Commands;

/// <summary>
/// Runs `ktruth report`: read the one source, price, build, render, write. Anything wrong with the
/// input, the prices or the output path ends with exit code 2 and one line naming it; nothing is
/// written then (the atomic write leaves an existing --out untouched).
/// </summary>
internal sealed class ReportRunner(CliEnvironment env, Func<Stream> stdin)
{
    public int Run(ReportSettings settings)
    {
        try
        {
            PriceBook prices = Prices(settings);
            var (workloads, notes, source) = Read(settings);
            Report report = new ReportBuilder(prices, Grouping.Parse(settings.GroupBy), new SimulatedForecast(StatedForecast.Instance))
                .Build(workloads, source, env.Time.GetUtcNow(), notes);
            ReportFormat format = settings.ResolveFormat();
            if (settings.Out is string path)
            {
                AtomicFile.Write(path, w => ReportRenderers.Render(report, format, w));
                env.Error.WriteLine($"ktruth: wrote {path}: {report.Rows.Count} workloads, savings {Figures.Money(report.Summary.MonthlySavings)}/month");
            }
            else
            {
                ReportRenderers.Render(report, format, env.Out);
                env.Out.Flush();
            }

            return CliExitCodes.Ok;
        }
        catch (ReportInputException ex)
        {
            throw new CliFailure(ex.Message, CliExitCodes.InvalidInput, ex);
        }
        catch (ArgumentException ex)
        {
            throw new CliFailure(ex.Message.Split(" (Parameter", 2)[0], CliExitCodes.InvalidInput, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"--out {settings.Out}: {ex.Message}", CliExitCodes.InvalidInput, ex);
        }
    }

    private (IReadOnlyList<WorkloadFacts> Workloads, IReadOnlyList<string> Notes, string Source) Read(ReportSettings s)
    {
        var policy = new RecommendationPolicy();
        if (s.FromState is string state)
        {
            var (w, n) = StateReader.Read(state, policy, env.Time.GetUtcNow());
            return (w, n, $"state file {state}");
        }

        if (s.FromSnapshots.Count > 0)
        {
            var (w, n) = SnapshotReader.Read(s.FromSnapshots, policy);
            return (w, n, $"recorded snapshots {string.Join(' ', s.FromSnapshots)}");
        }

        string from = s.From!;
        string name = from == "-" ? "stdin" : from;
        try
        {
            using Stream stream = from == "-" ? stdin() : File.OpenRead(from);
            var (workloads, notes) = ProfileReader.Read(stream, $"--from {name}");
            return (workloads, notes, $"workload profiles ({name})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportInputException($"--from {name}: {ex.Message}", ex);
        }
    }

    /// <summary>Defaults, then the price file, then --cpu-hour/--gib-hour, which win over the file's default.</summary>
    private static PriceBook Prices(ReportSettings s)
    {
        var defaults = new PoolPrice(PriceDefaults.CpuCoreHour, PriceDefaults.MemoryGibHour);
        PriceBook book = s.Prices is string file ? PriceFileReader.Read(file, defaults) : new PriceBook();
        return book with { Default = new PoolPrice(s.CpuHour ?? book.Default.CpuCoreHour, s.GibHour ?? book.Default.MemoryGibHour) };
    }
}
