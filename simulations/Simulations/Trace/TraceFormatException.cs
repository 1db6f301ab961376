namespace KernelTruth.Simulations.Trace;

/// <summary>A trace that cannot be used; the message names the field and what is wrong with it.</summary>
public sealed class TraceFormatException(string message, Exception? inner = null) : Exception(message, inner);
