namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>The BPF objects the build compiled from bpf/ and embedded (bpf/Bpf.targets).</summary>
internal static class EmbeddedBpfObjects
{
    public static byte[] Read(string objectName)
    {
        string resource = $"bpf/{objectName}.bpf.o";
        using var stream = typeof(EmbeddedBpfObjects).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"BPF object '{resource}' is not embedded in the sensor assembly; rebuild with clang and libbpf-dev installed");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
