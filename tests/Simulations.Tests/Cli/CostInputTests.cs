using KernelTruth.Cli.Simulating;

namespace KernelTruth.Simulations.Tests.Cli;

/// <summary>`simulate cost` input: WorkloadProfiles through the one typed reader, or the CSV.</summary>
public sealed class CostInputTests
{
    private const string KtpList = """
        { "apiVersion": "v1", "kind": "List", "items": [
          { "apiVersion": "ktruth.io/v1alpha1", "kind": "WorkloadProfile",
            "metadata": { "name": "deployment-web-app", "namespace": "shop" },
            "status": { "pods": 3,
              "current": { "cpuRequest": "500m", "cpuLimit": "600m", "memoryRequest": "256Mi" },
              "recommendation": { "cpuRequest": "450m", "memoryRequest": "300Mi", "confidence": 0.8 } } },
          { "apiVersion": "ktruth.io/v1alpha1", "kind": "WorkloadProfile",
            "metadata": { "name": "deployment-api-app", "namespace": "shop" },
            "status": { "pods": 1, "current": { "cpuLimit": "1" } } } ] }
        """;

    [Fact]
    public void Read_KubectlList_CurrentAndRecommendedPerWorkload()
    {
        var sets = CostInput.Read(KtpList);

        var current = Assert.Single(sets.Current);
        Assert.Equal("shop/deployment-web-app", current.Name);
        Assert.Equal(0.5, current.CpuCores, 12);
        Assert.Equal(256 * 1024 * 1024, current.MemoryBytes, 0);
        Assert.Equal(3, current.Pods);
        Assert.Equal(0.45, sets.Recommended[0].CpuCores, 12);
        Assert.Equal(300 * 1024 * 1024, sets.Recommended[0].MemoryBytes, 0);
        Assert.Contains(sets.Warnings, w => w.Contains("shop/deployment-api-app: status.current.cpuRequest or memoryRequest is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Csv_WithAndWithoutRecommendation()
    {
        var sets = CostInput.Read("name,cpuRequest,memoryRequest,pods,recommendedCpuRequest,recommendedMemoryRequest\nweb,1,1Gi,2,500m,512Mi\n");

        Assert.Equal(1.0, sets.Current[0].CpuCores);
        Assert.Equal(0.5, sets.Recommended[0].CpuCores);
        Assert.Equal(2, sets.Recommended[0].Pods);
    }

    [Theory]
    [InlineData("name,cpuRequest,memoryRequest,pods\nweb,lots,1Gi,2\n", "cpuRequest 'lots' of web")]
    [InlineData("name,cpuRequest,memoryRequest,pods\nweb,1,big,2\n", "memoryRequest 'big' of web")]
    [InlineData("name,cpuRequest,memoryRequest,pods\nweb,1,1Gi,0\n", "pods '0'")]
    [InlineData("cpu,mem\n", "must start with the header")]
    [InlineData("{ \"items\": [", "not valid JSON")]
    [InlineData("{ \"items\": [ { \"kind\": \"WorkloadProfile\", \"metadata\": { \"name\": \"a\", \"namespace\": \"b\" }, \"status\": { \"pods\": \"three\" } } ] }", "item 0 (b/a): status.pods must be a whole number")]
    public void Read_BadInput_ErrorNamesTheField(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => CostInput.Read(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
