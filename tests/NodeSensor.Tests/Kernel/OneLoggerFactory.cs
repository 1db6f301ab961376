using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>Hands every category the one logger, so a test sees all a sensor runtime logs in one list.</summary>
internal sealed class OneLoggerFactory(ILogger logger) : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
