namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// ktruth-recommender reads sensors that require a token (--auth kubernetes) with the token of --sensor-token-file,
/// as deploy/ mounts it; without one the sensor refuses and the failures are counted; a token file given but missing
/// stops start-up naming it.
/// </summary>
public sealed class SensorTokenServiceTests
{
    private const string Identity = "token-test";

    [Fact]
    public async Task ServiceHost_SensorTokenFile_SensorReadWithIt()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        cluster.Sensor.RequiredToken = "projected-token";
        await WithHostAsync(cluster, async (dir, start) =>
        {
            string file = Path.Combine(dir, "token");
            File.WriteAllText(file, "projected-token\n");
            var host = await start(["--sensor-token-file", file]);
            for (int i = 0; i < 200 && cluster.Sensor.Readings < 2; i++)
            {
                await Task.Delay(50);
            }

            await host.StopAsync();
            Assert.True(cluster.Sensor.Readings >= 2, $"{cluster.Sensor.Readings} reads served");
            Assert.Equal(0, cluster.Sensor.Refused);
        });
    }

    [Fact]
    public async Task ServiceHost_NoTokenFile_SensorRefusesAndTheFailuresAreCounted()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        cluster.Sensor.RequiredToken = "projected-token";
        await WithHostAsync(cluster, async (_, start) =>
        {
            var host = await start([]); // the default path does not exist here: no token is sent
            for (int i = 0; i < 200 && cluster.Sensor.Refused < 2; i++)
            {
                await Task.Delay(50);
            }

            await host.StopAsync();
            Assert.True(cluster.Sensor.Refused >= 2, $"{cluster.Sensor.Refused} reads refused");
            Assert.Equal(0, cluster.Sensor.Readings);
        });
    }

    [Fact]
    public async Task ServiceHost_TokenFileGivenButMissing_ArgumentNamingTheFile()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        await WithHostAsync(cluster, async (_, start) =>
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => start(["--sensor-token-file", "/nonexistent/token"]));

            Assert.StartsWith("--sensor-token-file: service-account token /nonexistent/token: missing, unreadable or empty", error.Message, StringComparison.Ordinal);
        });
    }

    /// <summary>Runs <paramref name="test"/> with a directory of its own and a way to start a host with more flags; the host is disposed after.</summary>
    private static async Task WithHostAsync(ClusterFixture cluster, Func<string, Func<string[], Task<Microsoft.AspNetCore.Builder.WebApplication>>, Task> test)
    {
        string dir = Directory.CreateTempSubdirectory("ktruth-token-").FullName;
        var clients = new List<IDisposable>();
        Microsoft.AspNetCore.Builder.WebApplication? host = null;
        try
        {
            await test(dir, async extra =>
            {
                (host, _) = await TestServices.StartAsync(cluster, Identity, p => TestServices.Flags(Identity, p, dir, extra), clients);
                return host;
            });
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            clients.ForEach(c => c.Dispose());
            Directory.Delete(dir, recursive: true);
        }
    }
}
