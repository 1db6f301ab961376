namespace KernelTruth.NodeSensor.Security;

/// <summary>Who may read the sensor's API (--auth).</summary>
public enum SensorAuth
{
    /// <summary>Anyone who can connect: a sensor on loopback, or one run by hand on a single host.</summary>
    None,

    /// <summary>
    /// A bearer token the API server accepts (TokenReview) whose user may <c>get</c> the request's path as a
    /// non-resource URL (SubjectAccessReview), as kube-rbac-proxy and the kubelet check theirs. /healthz and /readyz
    /// stay open for the kubelet's probes. deploy/ runs the DaemonSet this way.
    /// </summary>
    Kubernetes,
}
