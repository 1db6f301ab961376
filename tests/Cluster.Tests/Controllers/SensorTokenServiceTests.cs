using KernelTruth.Service;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// ktruth-recommender reads sensors that require a token (--auth kubernetes) with the token of --sensor-token-file,
/// as deploy/ mounts it; without one the sensor refuses and the failures are counted; a token file given but missing
/// stops start-up naming it.
/// </summary>
public sealed class SensorTokenServiceTests
{
    [Fact]
    public async Task ServiceHost_SensorTokenFile_SensorReadWithIt()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        cluster.Sensor.RequiredToken = "projected-token";
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "projected-token\n");
            using var client = cluster.Client("token-test");
            await using var host = Host(client, "--sensor-token-file", file);
            await host.StartAsync();

            for (int i = 0; i < 200 && cluster.Sensor.Readings < 2; i++)
            {
                await Task.Delay(50);
            }

            await host.StopAsync();
            Assert.True(cluster.Sensor.Readings >= 2, $"{cluster.Sensor.Readings} reads served");
            Assert.Equal(0, cluster.Sensor.Refused);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ServiceHost_NoTokenFile_SensorRefusesAndTheFailuresAreCounted()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        cluster.Sensor.RequiredToken = "projected-token";
        using var client = cluster.Client("token-test");
        await using var host = Host(client); // the default path does not exist here: no token is sent
        await host.StartAsync();

        for (int i = 0; i < 200 && cluster.Sensor.Refused < 2; i++)
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        Assert.True(cluster.Sensor.Refused >= 2, $"{cluster.Sensor.Refused} reads refused");
        Assert.Equal(0, cluster.Sensor.Readings);
    }

    [Fact]
    public async Task ServiceHost_TokenFileGivenButMissing_ArgumentNamingTheFile()
    {
        await using var cluster = await ClusterFixture.StartAsync();

        using var client = cluster.Client("token-test");

        var error = Assert.Throws<ArgumentException>(() => Host(client, "--sensor-token-file", "/nonexistent/token"));

        Assert.StartsWith("--sensor-token-file: service-account token /nonexistent/token: missing, unreadable or empty", error.Message, StringComparison.Ordinal);
    }

    private static Microsoft.AspNetCore.Builder.WebApplication Host(k8s.IKubernetes client, params string[] extra)
    {
        var (options, errors) = ServiceOptions.Parse(
            ["--namespace", ClusterFixture.Ns, "--identity", "token-test", "--listen", $"127.0.0.1:{ServiceHostTests.FreePort()}",
             "--adapter-listen", $"127.0.0.1:{ServiceHostTests.FreePort()}", "--interval", "100ms", .. extra],
            _ => null);
        Assert.Empty(errors);
        return ServiceHost.Create(options!, client, logging: _ => { });
    }
}
