using KernelTruth.NodeSensor.KernelFiles;
using KernelTruth.NodeSensor.Tests.Cgroups;

namespace KernelTruth.NodeSensor.Tests.KernelFiles;

public sealed class PressureReaderTests
{
    [Fact]
    public void Read_V2Container_ParsesSomeAndFull()
    {
        var pressure = PressureReader.Read(CgroupFixtures.V2(), CgroupFixtures.V2Container);

        Assert.Equal(
            new CpuPressure(new PressureStall(12.34, 8.01, 2.50, 4_201_893), new PressureStall(11.90, 7.75, 2.41, 4_180_022)),
            pressure);
    }

    [Fact]
    public void Read_V2KernelWithoutFullLine_FullIsNull()
    {
        var pressure = PressureReader.Read(CgroupFixtures.V2(), "/system.slice/containerd.service");

        Assert.Equal(new CpuPressure(new PressureStall(0.00, 0.01, 0.00, 20_113), null), pressure);
    }

    [Fact]
    public void Read_V2CgroupWithoutPressureFile_IsNull() =>
        Assert.Null(PressureReader.Read(CgroupFixtures.V2(), CgroupFixtures.V2Pod));

    [Fact]
    public void Read_V1_IsNull() =>
        Assert.Null(PressureReader.Read(CgroupFixtures.V1(), CgroupFixtures.V1Container));

    [Fact]
    public void Read_V2MissingCgroupDirectory_ThrowsCgroupGone() =>
        Assert.Throws<CgroupGoneException>(() => PressureReader.Read(CgroupFixtures.V2(), "/kubepods.slice/gone.slice"));

    [Theory]
    [InlineData("some avg10=0.00 avg60=0.00 avg300=0.00\n", 1)]
    [InlineData("some avg10=0.00 avg60=0.00 avg300=0.00 total=-1\n", 1)]
    [InlineData("some avg10=0.00 avg60=0.00 avg300=0.00 total=1\npartial avg10=0.00 avg60=0.00 avg300=0.00 total=1\n", 2)]
    [InlineData("some avg60=0.00 avg10=0.00 avg300=0.00 total=1\n", 1)]
    public void Parse_MalformedLine_ThrowsNamingTheLine(string content, int expectedLine)
    {
        var error = Assert.Throws<KernelFileFormatException>(() => PressureReader.Parse(content, "cpu.pressure"));

        Assert.Equal(expectedLine, error.LineNumber);
    }

    [Fact]
    public void Parse_NoSomeLine_Throws() =>
        Assert.Throws<KernelFileFormatException>(
            () => PressureReader.Parse("full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", "cpu.pressure"));
}
