namespace KernelTruth.NodeSensor.Tests.Cgroups;

/// <summary>A scratch directory tree under /tmp, removed on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Directory.CreateTempSubdirectory("ktruth-tree-").FullName;
    }

    public string Root { get; }

    public string Create(string relativePath)
    {
        var path = Path.Join(Root, relativePath.TrimStart('/'));
        Directory.CreateDirectory(path);
        return path;
    }

    public string Write(string relativeFile, string content)
    {
        var path = Path.Join(Root, relativeFile.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
