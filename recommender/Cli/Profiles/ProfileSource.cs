using System.Net;
using k8s;
using k8s.Autorest;
using KernelTruth.Cli.Commands;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cli.Profiles;

/// <summary>
/// Lists WorkloadProfiles from the API server the kubeconfig (or the pod's service account) names, a page at a time.
/// Every way this fails becomes one <see cref="CliFailure"/> line (exit 1) saying what to fix: no kubeconfig, a
/// server that does not answer, no WorkloadProfile CRD, a user who may not list them.
/// </summary>
internal sealed class ProfileSource(Func<string, string?> environment, TimeProvider time)
{
    /// <summary>A page of 500, as kubectl asks for; a large cluster's profiles arrive in several calls.</summary>
    private const int PageSize = 500;

    /// <summary>Where the connection goes and the namespace used when the query names none.</summary>
    public (IKubernetes Client, string Host, string Namespace) Connect(ProfileQuery query)
    {
        try
        {
            var config = ClusterConnection.Load(query.Kubeconfig, environment, time, context: query.Context);
            return (KubernetesClientFactory.Create(config, time), config.Host, string.IsNullOrEmpty(config.Namespace) ? "default" : config.Namespace);
        }
        catch (KubernetesConfigurationException e)
        {
            throw new CliFailure(e.Message, CliExitCodes.Failed, e);
        }
    }

    /// <summary>The profiles in <paramref name="ns"/> (null: every namespace) that the selector picks, in the server's order.</summary>
    public static async Task<IReadOnlyList<WorkloadProfile>> ListAsync(IKubernetes client, string host, string? ns, string? selector, CancellationToken ct)
    {
        var resource = WorkloadProfile.Resource;
        var profiles = new List<WorkloadProfile>();
        string? next = null;
        try
        {
            do
            {
                CustomResourceList<WorkloadProfile> page = ns is null
                    ? await client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<WorkloadProfile>>(
                        resource.Group, resource.Version, resource.Plural, continueParameter: next, labelSelector: selector, limit: PageSize, cancellationToken: ct).ConfigureAwait(false)
                    : await client.CustomObjects.ListNamespacedCustomObjectAsync<CustomResourceList<WorkloadProfile>>(
                        resource.Group, resource.Version, ns, resource.Plural, continueParameter: next, labelSelector: selector, limit: PageSize, cancellationToken: ct).ConfigureAwait(false);
                profiles.AddRange(page.Items);
                next = page.Metadata?.ContinueProperty;
            }
            while (!string.IsNullOrEmpty(next));
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or System.Text.Json.JsonException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new CliFailure(Describe(e, host, ns), CliExitCodes.Failed, e);
        }

        return profiles;
    }

    /// <summary>One line per cause: "forbidden: …", "… does not serve workloadprofiles.ktruth.io: …", "cannot reach …".</summary>
    internal static string Describe(Exception e, string host, string? ns)
    {
        string where = ns is null ? "in any namespace" : $"in namespace {ns}";
        return ApiErrors.StatusCode(e) switch
        {
            HttpStatusCode.NotFound => $"{host} does not serve {WorkloadProfile.Resource}: the WorkloadProfile CRD is not installed (kubectl apply -f deploy/base/crds/)",
            HttpStatusCode.Forbidden => $"forbidden: you may not list {WorkloadProfile.Resource} {where} ({ApiErrors.Status(e)?.Message ?? "403"})",
            HttpStatusCode.Unauthorized => $"unauthorized: {host} did not accept the kubeconfig's credentials (401)",
            HttpStatusCode => $"listing {WorkloadProfile.Resource} {where} failed: {ApiErrors.Describe(e)}",
            null when e is System.Text.Json.JsonException => $"{host} answered with something that is not a WorkloadProfile list: {e.Message}",
            null when e is OperationCanceledException => $"{host} did not answer in time",
            null => $"cannot reach the API server at {host}: {Innermost(e).Message}",
        };
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
