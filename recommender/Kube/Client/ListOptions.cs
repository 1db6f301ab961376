namespace KernelTruth.Kube.Client;

/// <summary>Query of a list. All optional; selectors use the API's own syntax ("app=web,tier!=db").</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public int? Limit { get; init; }
    public string? Continue { get; init; }

    /// <summary>"0" lets the server answer from its cache; null asks for the latest.</summary>
    public string? ResourceVersion { get; init; }
}

/// <summary>Query of a watch.</summary>
public sealed record WatchOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }

    /// <summary>Events after this version; null or "0" starts with ADDED for every existing object.</summary>
    public string? ResourceVersion { get; init; }

    public bool AllowWatchBookmarks { get; init; } = true;

    /// <summary>The server ends the watch after this long; the caller re-watches from the last version.</summary>
    public int? TimeoutSeconds { get; init; }
}
