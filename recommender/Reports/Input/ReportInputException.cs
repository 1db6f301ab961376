namespace KernelTruth.Reports.Input;

/// <summary>The input cannot be read as asked; the message names the file, the item and the field.</summary>
public sealed class ReportInputException(string message, Exception? inner = null) : Exception(message, inner);
