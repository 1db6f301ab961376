using k8s;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;

namespace KernelTruth.Kubernetes.Tests.Fakes;

/// <summary>A test server and a token-authenticated KubernetesClient for it, disposed together.</summary>
internal sealed class ServerAndClient : IAsyncDisposable
{
    private ServerAndClient(KubeTestServer server, IKubernetes client, string token)
    {
        Server = server;
        Client = client;
        Token = token;
    }

    public KubeTestServer Server { get; }
    public IKubernetes Client { get; }
    public string Token { get; }

    /// <summary>Fast read retries so that fault tests take milliseconds, not seconds.</summary>
    public static readonly ApiRetryOptions FastRetries = new() { FirstDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(200) };

    public static async Task<ServerAndClient> StartAsync(KubeTestServerOptions? options = null, ApiRetryOptions? retries = null)
    {
        var server = await KubeTestServer.StartAsync(options);
        var token = server.IssueToken("tester", "system:authenticated");
        return new ServerAndClient(server, server.Client(token, retries ?? FastRetries), token);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

internal static class TestServerClients
{
    /// <summary>A KubernetesClient (with our read retries) as <paramref name="token"/>'s user.</summary>
    public static IKubernetes Client(this KubeTestServer server, string token, ApiRetryOptions? retries = null, TimeProvider? time = null) =>
        KubernetesClientFactory.Create(server.ClientConfig(token), time ?? TimeProvider.System, retries ?? ServerAndClient.FastRetries);
}
