using KernelTruth.Cluster.Backfill;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace KernelTruth.Cluster.Tests.Backfill;

/// <summary>A Prometheus behind an authenticating proxy that refuses the token: one line saying which flag to fix; the token is sent as read from its file.</summary>
public sealed class PrometheusClientTests
{
    [Fact]
    public async Task Probe_Unauthorized_OneLineNamingTheTokenFlag_TokenReadFromItsFile()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        string? seen = null;
        app.MapPost("/api/v1/query", (HttpContext context) =>
        {
            seen = context.Request.Headers.Authorization.ToString();
            return Results.StatusCode(401);
        });
        await app.StartAsync();
        string token = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(token, "wrong-token\n");
            var url = new Uri(app.Urls.First() + "/");
            using var client = new PrometheusClient(new HistoryOptions { Prometheus = url, BearerTokenFile = token });
            var ex = await Assert.ThrowsAsync<HistoryUnavailableException>(() => client.ProbeAsync(CancellationToken.None));
            Assert.Equal($"Prometheus at {url.AbsoluteUri.TrimEnd('/')} refused the query (401 Unauthorized): give a token it accepts with --history-bearer-token-file", ex.Message);
            Assert.Equal("Bearer wrong-token", seen);
        }
        finally
        {
            File.Delete(token);
            await app.StopAsync();
        }
    }
}
