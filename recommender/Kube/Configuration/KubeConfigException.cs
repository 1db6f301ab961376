namespace KernelTruth.Kube.Configuration;

/// <summary>Bad or missing client configuration; says which field of which file to fix.</summary>
public sealed class KubeConfigException : Exception
{
    public KubeConfigException(string source, string field, string problem, Exception? inner = null)
        : base($"{source}: {field}: {problem}", inner)
    {
        Source = source;
        Field = field;
    }

    /// <summary>The file (or environment variable) the bad value came from.</summary>
    public new string Source { get; }

    /// <summary>The field inside it, e.g. "users[admin].user.client-key-data".</summary>
    public string Field { get; }
}
