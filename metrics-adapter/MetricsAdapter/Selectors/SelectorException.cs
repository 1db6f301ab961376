namespace KernelTruth.MetricsAdapter.Selectors;

/// <summary>A label selector that cannot be parsed; the message says where and what is wrong.</summary>
internal sealed class SelectorException(string message) : FormatException(message);
