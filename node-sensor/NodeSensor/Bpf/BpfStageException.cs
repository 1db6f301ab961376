using System.Text;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// libbpf or the kernel refused one lifecycle stage. Carries what an operator needs to act without
/// re-running with debug logs: the stage, the object and program/map, errno with its text, and the
/// last libbpf lines (for Load: the verifier's explanation).
/// </summary>
internal sealed class BpfStageException : Exception
{
    internal BpfStageException(
        BpfStage stage, string objectName, string? itemName, int errno, string detail, string? logTail = null)
        : base(Compose(stage, objectName, itemName, errno, detail, logTail))
    {
        Stage = stage;
        ObjectName = objectName;
        ItemName = itemName;
        Errno = errno;
        ErrnoText = BpfErrors.Describe(errno);
        LogTail = logTail;
    }

    public BpfStage Stage { get; }

    public string ObjectName { get; }

    /// <summary>The program or map the stage was working on, when there was one.</summary>
    public string? ItemName { get; }

    /// <summary>Positive errno (libbpf returns it negated); 0 when the failure was ours.</summary>
    public int Errno { get; }

    public string ErrnoText { get; }

    /// <summary>Recent libbpf warning/info lines of this stage, or null when there were none.</summary>
    public string? LogTail { get; }

    private static string Compose(
        BpfStage stage, string objectName, string? itemName, int errno, string detail, string? logTail)
    {
        var text = new StringBuilder()
            .Append("BPF ").Append(stage).Append(" failed for object '").Append(objectName).Append('\'');
        if (itemName is not null)
        {
            text.Append(" (").Append(itemName).Append(')');
        }

        text.Append(": ").Append(detail);
        if (errno != 0)
        {
            text.Append(" [errno ").Append(errno).Append(": ").Append(BpfErrors.Describe(errno)).Append(']');
        }

        if (!string.IsNullOrEmpty(logTail))
        {
            text.Append("\nlibbpf log (last lines):\n").Append(logTail);
        }

        return text.ToString();
    }
}
