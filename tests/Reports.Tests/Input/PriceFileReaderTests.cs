using KernelTruth.Reports.Input;
using KernelTruth.Reports.Model;
using KernelTruth.Reports.Tests.Fakes;

namespace KernelTruth.Reports.Tests.Input;

public sealed class PriceFileReaderTests : IDisposable
{
    private static readonly PoolPrice Defaults = new(PriceDefaults.CpuCoreHour, PriceDefaults.MemoryGibHour);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"ktruth-prices-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Read_Fixture_DefaultAndPool()
    {
        PriceBook book = PriceFileReader.Read(Fixture.PathOf("prices.yaml"), Defaults);

        Assert.Equal(Defaults, book.Default);
        Assert.Equal(new PoolPrice(0.04, 0.002), book.Pools["highmem"]);
        Assert.Equal(730, book.HoursPerMonth);
    }

    [Fact]
    public void Read_PoolMissingAPrice_TakesTheDefaults()
    {
        File.WriteAllText(_file, "default: { cpuHour: 0.05 }\npools:\n  spot: { cpuHour: 0.01 }\n");

        PriceBook book = PriceFileReader.Read(_file, Defaults);

        Assert.Equal(new PoolPrice(0.05, PriceDefaults.MemoryGibHour), book.Default);
        Assert.Equal(new PoolPrice(0.01, PriceDefaults.MemoryGibHour), book.Pools["spot"]);
    }

    [Theory]
    [InlineData("pools:\n  spot: { cpuHour: -0.01 }\n", "pools.spot.cpuHour must not be negative (was -0.01)")]
    [InlineData("default: { gibHour: cheap }\n", "default.gibHour must be a number (was 'cheap')")]
    [InlineData("defaults: { cpuHour: 1 }\n", "unknown key 'defaults'")]
    [InlineData("pools:\n  spot: { cpu: 1 }\n", "unknown key 'pools.spot.cpu'")]
    [InlineData("hoursPerMonth: 0\n", "hoursPerMonth must be in (0, 744]")]
    [InlineData("default: [1, 2\n", "--prices")]
    [InlineData("", "the file is empty")]
    public void Read_BadFile_ErrorNamesTheKey(string yaml, string expected)
    {
        File.WriteAllText(_file, yaml);

        var ex = Assert.Throws<ReportInputException>(() => PriceFileReader.Read(_file, Defaults));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
