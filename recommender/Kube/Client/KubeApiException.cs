using System.Net;
using KernelTruth.Kube.Model;

namespace KernelTruth.Kube.Client;

/// <summary>The API server refused a request; carries the decoded <see cref="KubeStatus"/>.</summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(string verb, string path, KubeStatus status, Exception? inner = null)
        : base($"{verb} {path}: {status.Code} {status.Reason}: {status.Message}", inner)
    {
        Verb = verb;
        Path = path;
        Status = status;
    }

    public string Verb { get; }
    public string Path { get; }
    public KubeStatus Status { get; }
    public HttpStatusCode Code => (HttpStatusCode)Status.Code;

    public bool IsNotFound => Status.Code == 404;
    public bool IsAlreadyExists => Status.Code == 409 && Status.Reason == "AlreadyExists";

    /// <summary>409 from a stale resourceVersion: re-read, re-apply, retry.</summary>
    public bool IsConflict => Status.Code == 409 && Status.Reason != "AlreadyExists";

    /// <summary>410: the resourceVersion is older than the server keeps; re-list.</summary>
    public bool IsGone => Status.Code == 410 || Status.Reason is "Expired" or "Gone";

    public bool IsUnauthorized => Status.Code == 401;
    public bool IsForbidden => Status.Code == 403;
    public bool IsInvalid => Status.Code == 422;
    public bool IsTooManyRequests => Status.Code == 429;
    public bool IsServerError => Status.Code >= 500;
}
