using KernelTruth.Kube.Client;
using KernelTruth.Kube.TestServer;

namespace KernelTruth.Kube.Tests.Fakes;

/// <summary>A test server and a token-authenticated client for it, disposed together.</summary>
internal sealed class ServerAndClient : IAsyncDisposable
{
    private ServerAndClient(KubeTestServer server, KubeClient client, string token)
    {
        Server = server;
        Client = client;
        Token = token;
    }

    public KubeTestServer Server { get; }
    public KubeClient Client { get; }
    public string Token { get; }

    /// <summary>Fast retries so that fault tests take milliseconds, not seconds.</summary>
    public static readonly KubeClientOptions FastRetries = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public static async Task<ServerAndClient> StartAsync(KubeTestServerOptions? options = null, KubeClientOptions? clientOptions = null)
    {
        var server = await KubeTestServer.StartAsync(options);
        var token = server.IssueToken("tester", "system:authenticated");
        return new ServerAndClient(server, new KubeClient(server.ClientConfig(token), clientOptions ?? FastRetries), token);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
