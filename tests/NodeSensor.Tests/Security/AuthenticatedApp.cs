using k8s;
using k8s.Models;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Tests.Security;

/// <summary>
/// <see cref="SensorAuthMiddleware"/> with the reviewers the sensor uses (<see cref="SensorSecurity"/>) over
/// KubernetesClient, in front of stand-in endpoints, against the in-process API server. The server plays a cluster where:
/// the recommender's projected token is valid only for the audience ktruth-sensor, Prometheus' ordinary token only for
/// the API server's own; RBAC lets the recommender get /v1/snapshot and Prometheus /metrics.
/// </summary>
internal sealed class AuthenticatedApp : IAsyncDisposable
{
    public const string Recommender = "system:serviceaccount:kernel-truth:ktruth-recommender";
    public const string Prometheus = "system:serviceaccount:monitoring:prometheus-k8s";
    public const string RecommenderToken = "recommender-projected-token";
    public const string PrometheusToken = "prometheus-token";

    private readonly WebApplication _app;
    private readonly IKubernetes _kube;

    private AuthenticatedApp(KubeTestServer server, IKubernetes kube, WebApplication app, Uri address)
    {
        Server = server;
        _kube = kube;
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public KubeTestServer Server { get; }

    public HttpClient Client { get; }

    public List<V1TokenReviewSpec> TokenReviews { get; } = [];

    public List<V1SubjectAccessReviewSpec> AccessReviews { get; } = [];

    public static async Task<AuthenticatedApp> StartAsync()
    {
        var server = await KubeTestServer.StartAsync();
        var kube = KubernetesClientFactory.Create(server.ClientConfig(server.IssueToken("system:serviceaccount:kernel-truth:ktruth-sensor")), TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var (tokens, access) = SensorSecurity.Reviewers(kube, TimeProvider.System);
        app.UseMiddleware<SensorAuthMiddleware>(tokens, access);
        app.MapGet("/v1/snapshot", () => "snapshot");
        app.MapGet("/metrics", () => "metrics");
        app.MapGet("/healthz", () => "ok");
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var result = new AuthenticatedApp(server, kube, app, new Uri(address));
        server.OnTokenReview(spec =>
        {
            lock (result.TokenReviews)
            {
                result.TokenReviews.Add(spec);
            }

            bool sensorAudience = spec.Audiences?.Contains(SensorDefaults.TokenAudience) == true;
            bool apiAudience = spec.Audiences is null || spec.Audiences.Count == 0;
            return (spec.Token, sensorAudience, apiAudience) switch
            {
                (RecommenderToken, true, _) => Authenticated(Recommender),
                (PrometheusToken, _, true) => Authenticated(Prometheus),
                _ => new V1TokenReviewStatus { Authenticated = false, Error = "invalid bearer token" },
            };
        });
        server.OnSubjectAccessReview((spec, _) =>
        {
            lock (result.AccessReviews)
            {
                result.AccessReviews.Add(spec);
            }

            var (path, verb) = (spec.NonResourceAttributes?.Path, spec.NonResourceAttributes?.Verb);
            bool allowed = verb == "get" && ((spec.User == Recommender && path == "/v1/snapshot") || (spec.User == Prometheus && path == "/metrics"));
            return new V1SubjectAccessReviewStatus { Allowed = allowed, Reason = allowed ? "RBAC: allowed" : "no RBAC policy matched" };
        });
        return result;
    }

    public async Task<(System.Net.HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public int Reviews(string resource) => Server.Requests.Count(r => r.Resource == resource);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _kube.Dispose();
        await Server.DisposeAsync();
    }

    private static V1TokenReviewStatus Authenticated(string user) =>
        new() { Authenticated = true, User = new V1UserInfo { Username = user, Groups = ["system:serviceaccounts", "system:authenticated"] } };
}
