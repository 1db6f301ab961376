using Xunit.Abstractions;

namespace KernelTruth.KernelProofs;

/// <summary>
/// xunit's discovery and execution options as a plain dictionary: unset names read as the type's
/// default, which xunit's own readers turn into its defaults.
/// </summary>
internal sealed class FrameworkOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public TValue GetValue<TValue>(string name) =>
        _values.TryGetValue(name, out var value) && value is TValue typed ? typed : default!;

    public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
}
