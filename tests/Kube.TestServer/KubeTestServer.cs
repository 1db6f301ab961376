using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KernelTruth.Kube.TestServer.Semantics;
using KernelTruth.Kube.TestServer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Kube.TestServer;

/// <summary>
/// An in-process Kubernetes API server for tests: Kestrel on 127.0.0.1, HTTPS with its own CA,
/// bearer-token and client-certificate users, an in-memory store with one global
/// resourceVersion, watches with bookmarks and 410, fault injection and a request log.
/// SEMANTICS.md lists exactly what it implements.
/// </summary>
public sealed class KubeTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TestUser> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<(string, string, string), KubeResource> _resources = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _bookmarks = Task.CompletedTask;
    private int _disposed;

    private KubeTestServer(KubeTestServerOptions options)
    {
        Options = options;
        Certificates = new TestCertificates(options.Time);
        Store = new ApiStore(options.EventWindow, options.Time);
        Faults = new FaultInjector(options.Time);
        foreach (var resource in options.Resources)
        {
            Register(resource);
        }

        Reviews.Set(KubeResources.TokenReviews, DefaultTokenReview);
        Reviews.Set(KubeResources.SubjectAccessReviews, (_, _) => new JsonObject { ["allowed"] = true, ["reason"] = "the test server allows everything" });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = Certificates.Server;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;

            // Identity comes from certificates our CA signed; others are simply not a user (401), as a bearer-only client.
            https.ClientCertificateValidation = (_, _, _) => true;
        })));
        _app = builder.Build();
        var handler = new ApiRequestHandler(this);
        _app.Run(handler.HandleAsync);
    }

    public KubeTestServerOptions Options { get; }

    /// <summary>https://127.0.0.1:port</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The CA that signed the server's and the minted client certificates.</summary>
    public X509Certificate2 CertificateAuthority => Certificates.Authority;

    public string CertificateAuthorityPem => Certificates.AuthorityPem;

    /// <summary>
    /// Decides 403s. Gets the request as it will be recorded (StatusCode 0). Null (default): allow all.
    /// </summary>
    public Func<RecordedRequest, bool>? Authorize { get; set; }

    public long CurrentResourceVersion => Store.CurrentResourceVersion;

    /// <summary>Number of watch connections open now.</summary>
    public int OpenWatches => Store.OpenWatches;

    /// <summary>Every request so far, in arrival order of their completion.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    internal ApiStore Store { get; }
    internal FaultInjector Faults { get; }
    internal ReviewHandlers Reviews { get; } = new();
    internal TestCertificates Certificates { get; }
    internal IReadOnlyDictionary<(string, string, string), KubeResource> ResourcesByPath => _resources;

    public static async Task<KubeTestServer> StartAsync(KubeTestServerOptions? options = null, CancellationToken ct = default)
    {
        var server = new KubeTestServer(options ?? new KubeTestServerOptions());
        await server._app.StartAsync(ct).ConfigureAwait(false);
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        if (server.Options.BookmarkInterval is { } interval)
        {
            server._bookmarks = server.SendBookmarksEveryAsync(interval);
        }

        return server;
    }

    /// <summary>Serves another resource (a CRD of the test's own, say).</summary>
    public void Register(KubeResource resource) => _resources[(resource.Group, resource.Version, resource.Plural)] = resource;

    // ---- users ----

    /// <summary>Accepts <paramref name="token"/> as <paramref name="user"/> from now on.</summary>
    public void AddToken(string token, string user, params string[] groups) => _tokens[token] = new TestUser(user, groups);

    /// <summary>A fresh random token for <paramref name="user"/>.</summary>
    public string IssueToken(string user, params string[] groups)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        AddToken(token, user, groups);
        return token;
    }

    /// <summary>Stops accepting the token (rotation, revocation): requests with it get 401.</summary>
    public void RemoveToken(string token) => _tokens.TryRemove(token, out _);

    public TestClientCertificate MintClientCertificate(string user, params string[] groups) => Certificates.MintClient(user, groups);

    /// <summary>KubernetesClient configuration trusting this server's CA and sending <paramref name="token"/>.</summary>
    public KubernetesClientConfiguration ClientConfig(string token) => new()
    {
        Host = BaseAddress.ToString(),
        SslCaCerts = [X509CertificateLoader.LoadCertificate(CertificateAuthority.RawData)],
        AccessToken = token,
        Namespace = "default",
    };

    /// <summary>KubernetesClient configuration authenticating with a client certificate this server's CA signed.</summary>
    public KubernetesClientConfiguration ClientConfig(TestClientCertificate certificate) => new()
    {
        Host = BaseAddress.ToString(),
        SslCaCerts = [X509CertificateLoader.LoadCertificate(CertificateAuthority.RawData)],
        ClientCertificateData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(certificate.CertificatePem)),
        ClientCertificateKeyData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(certificate.KeyPem)),
        Namespace = "default",
    };

    /// <summary>
    /// Writes a kubeconfig (context "test") for a token, a client certificate and/or an exec credential plugin
    /// (client.authentication.k8s.io/v1, the command's arguments given one by one); returns its path.
    /// </summary>
    public string WriteKubeConfig(string path, string? token = null, TestClientCertificate? certificate = null, string @namespace = "default", string[]? exec = null)
    {
        static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
        var user = new System.Text.StringBuilder();
        if (token is not null) user.Append("    token: ").Append(token).Append('\n');
        if (certificate is not null)
        {
            user.Append("    client-certificate-data: ").Append(B64(certificate.CertificatePem)).Append('\n');
            user.Append("    client-key-data: ").Append(B64(certificate.KeyPem)).Append('\n');
        }

        if (exec is [var command, .. var arguments])
        {
            user.Append("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      interactiveMode: Never\n");
            user.Append("      command: ").Append(JsonSerializer.Serialize(command)).Append('\n');
            user.Append("      args: [").Append(string.Join(", ", arguments.Select(a => JsonSerializer.Serialize(a)))).Append("]\n");
        }

        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: test
            clusters:
            - name: test
              cluster:
                server: {BaseAddress.ToString().TrimEnd('/')}
                certificate-authority-data: {B64(CertificateAuthorityPem)}
            users:
            - name: test
              user:
            {user.ToString().TrimEnd('\n')}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
                namespace: {@namespace}

            """);
        return path;
    }

    // ---- reviews ----

    /// <summary>Answers creates of <paramref name="resource"/> (create-only from now on): spec and caller in, status out.</summary>
    public void SetReviewHandler(KubeResource resource, Func<JsonObject, TestUser, JsonObject> handler) => Reviews.Set(resource, handler);

    /// <summary>TokenReview answers; the default accepts exactly the tokens this server accepts.</summary>
    public void OnTokenReview(Func<V1TokenReviewSpec, V1TokenReviewStatus> handler) =>
        Reviews.Set(KubeResources.TokenReviews, (spec, _) => Node(handler(KubernetesJson.Deserialize<V1TokenReviewSpec>(spec.ToJsonString()))));

    /// <summary>SubjectAccessReview answers; the default allows everything.</summary>
    public void OnSubjectAccessReview(Func<V1SubjectAccessReviewSpec, TestUser, V1SubjectAccessReviewStatus> handler) =>
        Reviews.Set(KubeResources.SubjectAccessReviews, (spec, caller) => Node(handler(KubernetesJson.Deserialize<V1SubjectAccessReviewSpec>(spec.ToJsonString()), caller)));

    // ---- state, for test setup and assertions ----

    /// <summary>
    /// Stores an object as a controller would have written it, status included (create drops
    /// status on resources with a status subresource). Fills timestamps and versions, and the uid
    /// unless the object has one (a pod whose UID a cgroup path names must keep it).
    /// </summary>
    public JsonObject Seed(KubeResource resource, JsonObject obj)
    {
        var r = new ResourceRef(resource, resource.Namespaced ? ObjectFields.Namespace(obj) ?? "default" : null, null, null);
        var status = obj["status"]?.DeepClone();
        string? uid = obj["metadata"]?["uid"]?.GetValue<string>();
        var prepared = ObjectRules.PrepareCreate(r, (JsonObject)obj.DeepClone(), Options.Time.GetUtcNow());
        if (status is not null)
        {
            prepared["status"] = status;
        }

        if (!string.IsNullOrEmpty(uid))
        {
            prepared["metadata"]!["uid"] = uid;
        }

        return Store.Create(r, prepared);
    }

    /// <summary>The stored object, or null.</summary>
    public JsonObject? GetObject(KubeResource resource, string? @namespace, string name) =>
        Store.Get(new ResourceRef(resource, @namespace, name, null), name);

    public void ClearRequests() => _requests.Clear();

    /// <summary>
    /// The RBAC rules the recorded requests needed, as (apiGroup, resource or resource/subresource,
    /// verb), distinct and sorted — what a least-privilege Role must grant, to compare with the manifests.
    /// Only authenticated requests count; <paramref name="user"/> narrows to one caller.
    /// </summary>
    public IReadOnlyList<(string ApiGroup, string Resource, string Verb)> PermissionsUsed(string? user = null) =>
        Requests
            .Where(r => r.User.Length > 0 && r.Resource.Length > 0 && (user is null || r.User == user))
            .Select(r => (r.Group, r.Subresource is null ? r.Resource : $"{r.Resource}/{r.Subresource}", r.Verb))
            .Distinct()
            .Order()
            .ToList();

    // ---- faults ----

    /// <summary>The next <paramref name="count"/> requests answer <paramref name="statusCode"/> (429 with Retry-After when given).</summary>
    public void FailNextRequests(int count, int statusCode = 500, TimeSpan? retryAfter = null) => Faults.FailNext(count, statusCode, retryAfter);

    /// <summary>Every request answers <paramref name="statusCode"/> for <paramref name="duration"/>.</summary>
    public void FailAllFor(TimeSpan duration, int statusCode = 500) => Faults.FailAllFor(duration, statusCode);

    /// <summary>Every request started in the next <paramref name="duration"/> is answered <paramref name="delay"/> late (watches included).</summary>
    public void SlowAllFor(TimeSpan duration, TimeSpan delay) => Faults.SlowAllFor(duration, delay);

    public void ClearFaults() => Faults.Clear();

    /// <summary>Breaks every open watch connection (the client sees a broken stream, not a clean end). Returns how many.</summary>
    public int DropWatches() => Store.DropWatches();

    /// <summary>Forgets the event history: a watch from any earlier resourceVersion gets 410.</summary>
    public void Compact() => Store.Compact();

    /// <summary>Keep only the last <paramref name="events"/> events (0 = none).</summary>
    public void SetEventWindow(int events) => Store.SetEventWindow(events);

    /// <summary>Sends a BOOKMARK at the current version to every watch that allows them.</summary>
    public void SendBookmarks() => Store.Bookmark();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Store.DropWatches();
        await _bookmarks.ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Certificates.Dispose();
        _stopping.Dispose();
    }

    internal TestUser? UserForToken(string token) => _tokens.TryGetValue(token, out var user) ? user : null;

    internal void RecordRequest(RecordedRequest request) => _requests.Enqueue(request);

    private JsonObject DefaultTokenReview(JsonObject spec, TestUser caller)
    {
        var token = spec["token"]?.GetValue<string>() ?? "";
        return UserForToken(token) is { } user
            ? new JsonObject
            {
                ["authenticated"] = true,
                ["user"] = new JsonObject { ["username"] = user.Name, ["groups"] = new JsonArray(user.Groups.Select(g => (JsonNode)g).ToArray()) },
            }
            : new JsonObject { ["authenticated"] = false, ["error"] = "token not known to the test server" };
    }

    private static JsonObject Node<T>(T value) => JsonNode.Parse(KubernetesJson.Serialize(value)) as JsonObject ?? new JsonObject();

    private async Task SendBookmarksEveryAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, Options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                Store.Bookmark();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
